import type { ImportSummary } from './queries';

export const IMPORT_STATUS_LABELS: Record<ImportSummary['status'], string> = {
  queued: 'In coda',
  running: 'In corso',
  done: 'Completata',
  failed: 'Non riuscita',
};

/** What each count means, in the order the result page lists them. */
export const IMPORT_COUNT_LABELS = {
  loaded: 'Posizioni nuove',
  updated: 'Posizioni aggiornate',
  cancelled: 'Posizioni annullate',
  unchanged: 'Righe senza modifiche',
  rejected: 'Righe scartate',
} as const;
