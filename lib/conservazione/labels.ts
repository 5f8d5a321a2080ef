import type { ConservazioneReceipt, ConservazioneRunSummary } from '@/db/schema';
import type { ConservatoreKind } from './config-schema';

/** How the back office, the CIT and the public manuale name a receipt's preservation state. */
export const CONSERVAZIONE_STATE_LABELS: Record<ConservazioneReceipt['state'], string> = {
  pending: 'Da inviare',
  sent: 'Invio in corso',
  preserved: 'Conservata',
  rejected: 'Rifiutata',
  failed: 'Invio non riuscito',
  exported: 'Esportata',
};

/** What each state means for the person reading it, after «<label>:». */
export const CONSERVAZIONE_STATE_HELP: Record<ConservazioneReceipt['state'], string> = {
  pending: 'sarà inviata con il prossimo versamento giornaliero.',
  sent: 'il versamento è in corso: l’esito arriva entro pochi minuti.',
  preserved: 'il conservatore l’ha presa in carico e ha emesso il rapporto di versamento.',
  rejected: 'il conservatore l’ha rifiutata: correggi la causa indicata e usa «Riprova».',
  failed: 'il conservatore non ha risposto: il sistema riprova da solo.',
  exported: 'è nel pacchetto UNI SInCRO del giorno, da consegnare al conservatore dell’Ente.',
};

/** For the CIT's tables, where the full name does not fit. */
export const CONSERVATORE_SHORT_LABELS: Record<ConservatoreKind, string> = {
  none: 'Nessuno',
  parer: 'ParER',
  export: 'Altro (UNI SInCRO)',
};

export const CONSERVATORE_LABELS: Record<ConservatoreKind, string> = {
  none: 'Nessuno',
  parer: 'ParER, Polo archivistico dell’Emilia-Romagna (servizio VersamentoSync di SacER)',
  export: 'Un altro conservatore, con l’esportazione giornaliera UNI SInCRO',
};

const STOPPED_BY: Record<NonNullable<ConservazioneRunSummary['stoppedBy']>, string> = {
  configuration: 'fermato dal rifiuto della configurazione',
  failures: 'fermato dopo troppi invii non riusciti di fila (riprende da solo)',
  limit: 'le altre ricevute al prossimo versamento',
};

/** What one run did, in words: «3 prese in carico, 2 conservate, 1 rifiutata; …». */
export function runSummaryText(summary: ConservazioneRunSummary): string {
  const parts = (
    [
      [summary.enrolled, 'presa in carico', 'prese in carico'],
      [summary.preserved, 'conservata', 'conservate'],
      [summary.exported, 'esportata', 'esportate'],
      [summary.rejected, 'rifiutata', 'rifiutate'],
      [summary.failed, 'non riuscita', 'non riuscite'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n.toLocaleString('it-IT')} ${n === 1 ? one : many}`);
  const text = parts.length > 0 ? parts.join(', ') : 'nessuna ricevuta nuova';
  return summary.stoppedBy ? `${text}; ${STOPPED_BY[summary.stoppedBy]}` : text;
}
