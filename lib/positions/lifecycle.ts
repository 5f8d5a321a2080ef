import type { Position } from '@/db/schema';

export type PositionStatus = Position['status'];

/**
 * The one place that says how a position's status may change, after pagoPA GPD (reference §3.3):
 * a valid position is paid, expires or is cancelled; an expired one comes back to valid when its due
 * date is moved, and is still paid if a receipt arrives; paid and cancelled are final.
 */
const ALLOWED: Record<PositionStatus, readonly PositionStatus[]> = {
  valid: ['paid', 'expired', 'cancelled'],
  expired: ['valid', 'paid', 'cancelled'],
  paid: [],
  cancelled: [],
};

export function canTransition(from: PositionStatus, to: PositionStatus): boolean {
  return ALLOWED[from].includes(to);
}

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: PositionStatus,
    readonly to: PositionStatus,
  ) {
    super(`Transizione non consentita: ${from} → ${to}`);
  }
}

export function assertTransition(from: PositionStatus, to: PositionStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/** A citizen can pay it now: valid and not past a due date that expires it. */
export function isPayable(position: Pick<Position, 'status'>): boolean {
  return position.status === 'valid';
}
