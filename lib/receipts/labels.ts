import type { Position } from '@/db/schema';

/** A position's state as the back office names it. */
export const POSITION_STATUS_LABELS: Record<Position['status'], string> = {
  valid: 'Da pagare',
  paid: 'Pagata',
  expired: 'Scaduta',
  cancelled: 'Annullata',
};
