import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, positions } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { enqueueInvalidations } from './invalidate';
import { canTransition } from './lifecycle';
import { positionsInScope, type StaffActor } from './staff-scope';

export const POSITION_NOT_FOUND = 'Posizione non trovata.';
export const ALREADY_PAID = 'La posizione è già stata pagata: non si può annullare. Per restituire il denaro serve un rimborso.';

/**
 * Cancels a valid or expired position with the clerk's reason. Paid is final (GPD's rule, lifecycle.ts).
 * The row lock makes two concurrent cancels harmless: the second finds it cancelled and changes nothing.
 * The partner's invalidation is queued in the same transaction (invalidate.ts); a receipt that still
 * arrives (paid at a PSP before the partner heard) becomes an anomaly for staff, never a payment.
 */
export async function cancelPosition(
  db: Database,
  enteId: string,
  by: StaffActor,
  input: { positionId: string; reason: string },
): Promise<{ status: 'cancelled'; alreadyCancelled: boolean }> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: positions.status })
      .from(positions)
      .where(and(positionsInScope(enteId, by), eq(positions.id, input.positionId)))
      .for('update');
    if (!current) throw new ActionError(POSITION_NOT_FOUND);
    if (current.status === 'cancelled') return { status: 'cancelled', alreadyCancelled: true };
    if (!canTransition(current.status, 'cancelled')) throw new ActionError(ALREADY_PAID);
    const now = new Date();
    await tx
      .update(positions)
      .set({ status: 'cancelled', cancelledAt: now, cancelledBy: by.userId, cancelReason: input.reason, updatedAt: now })
      .where(and(eq(positions.enteId, enteId), eq(positions.id, input.positionId), inArray(positions.status, ['valid', 'expired'])));
    await enqueueInvalidations(tx, enteId, [input.positionId]);
    await tx.insert(auditLog).values({
      enteId,
      actorUserId: by.userId,
      action: 'posizione_annullata',
      targetType: 'position',
      targetId: input.positionId,
      details: { before: current.status, reason: input.reason },
      ip: by.address.slice(0, 45),
    });
    return { status: 'cancelled', alreadyCancelled: false };
  });
}
