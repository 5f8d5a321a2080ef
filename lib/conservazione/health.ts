import type { CitConservazioneLine } from './queries';

/*
 * Whether an Ente's conservazione works, in one word, for the CIT's monitoring (the list and an Ente's page):
 * configured? switched on? refused by the conservatore? receipts refused or out of attempts? has it run?
 */

export type ConservazioneHealth = 'non_configurata' | 'non_attiva' | 'configurazione_rifiutata' | 'da_riesaminare' | 'ferma' | 'attiva';

export function conservazioneHealth(
  line: Pick<CitConservazioneLine, 'conservatore' | 'enabled' | 'configError' | 'rejected' | 'stuck' | 'working'>,
): ConservazioneHealth {
  if (line.conservatore === 'none') return 'non_configurata';
  if (!line.enabled) return 'non_attiva';
  if (line.configError) return 'configurazione_rifiutata';
  if (line.rejected + line.stuck > 0) return 'da_riesaminare';
  return line.working ? 'attiva' : 'ferma';
}

export const HEALTH_LABELS: Record<ConservazioneHealth, string> = {
  non_configurata: 'Non configurata',
  non_attiva: 'Configurata, non attiva',
  configurazione_rifiutata: 'Ferma: configurazione rifiutata',
  da_riesaminare: 'Attiva, ricevute da riesaminare',
  ferma: 'Nessun versamento negli ultimi 2 giorni',
  attiva: 'Attiva',
};

/** Someone has to act: the Ente's admin (rejections, configuration) or the CIT (a job that does not run). */
export const NEEDS_ATTENTION: ReadonlySet<ConservazioneHealth> = new Set(['configurazione_rifiutata', 'da_riesaminare', 'ferma']);
