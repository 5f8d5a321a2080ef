import type { Ente } from '@/db/schema';

/** An Ente's adhesion state as the CIT's pages name it. */
export const ADHESION_STATUS_LABELS: Record<Ente['adhesionStatus'], string> = {
  richiesta: 'Richiesta',
  in_attivazione: 'In attivazione',
  attivo: 'Attivo',
  sospeso: 'Sospeso',
  cessato: 'Cessato',
};
