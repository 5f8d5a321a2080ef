import type { ConservatoreKind } from './config-schema';

/*
 * Whether an Ente's conservazione works, in one word, the same for the Ente's back office and the CIT's
 * monitoring: configured? switched on? refused by the conservatore? receipts refused? has the daily run run?
 */

export type ConservazioneHealth = 'non_configurata' | 'non_attiva' | 'configurazione_rifiutata' | 'ricevute_rifiutate' | 'in_ritardo' | 'attiva';

/** A daily run that has not started for this long has missed at least one day. */
export const LATE_AFTER_MS = 36 * 3_600_000;

export interface HealthFacts {
  conservatore: ConservatoreKind;
  enabled: boolean;
  configError: unknown;
  rejected: number;
  lastRunStartedAt: Date | null;
  /** When the configuration was last saved: a new one has not missed a run yet. */
  configuredAt: Date;
}

export function conservazioneHealth(facts: HealthFacts, now: Date): ConservazioneHealth {
  if (facts.conservatore === 'none') return 'non_configurata';
  if (!facts.enabled) return 'non_attiva';
  if (facts.configError) return 'configurazione_rifiutata';
  if (facts.rejected > 0) return 'ricevute_rifiutate';
  const since = facts.lastRunStartedAt ?? facts.configuredAt;
  if (now.getTime() - since.getTime() > LATE_AFTER_MS) return 'in_ritardo';
  return 'attiva';
}

export const HEALTH_LABELS: Record<ConservazioneHealth, string> = {
  non_configurata: 'Non configurata',
  non_attiva: 'Configurata, non attiva',
  configurazione_rifiutata: 'Ferma: configurazione rifiutata dal conservatore',
  ricevute_rifiutate: 'Attiva, con ricevute rifiutate',
  in_ritardo: 'Attiva, ma il versamento giornaliero non è partito',
  attiva: 'Attiva',
};

/** Whether someone has to act (the CIT's table marks these). */
export const NEEDS_ATTENTION: ReadonlySet<ConservazioneHealth> = new Set(['configurazione_rifiutata', 'ricevute_rifiutate', 'in_ritardo']);
