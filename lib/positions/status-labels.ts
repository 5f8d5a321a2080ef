import type { PositionStatus } from './lifecycle';

/** How staff read a position's status. */
export const POSITION_STATUS_LABELS: Record<PositionStatus, string> = {
  valid: 'Da pagare',
  paid: 'Pagata',
  expired: 'Scaduta',
  cancelled: 'Annullata',
};
