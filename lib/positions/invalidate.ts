import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { auditLog, enteColumns, enti, jobs, positions, type Position } from '@/db/schema';
import { logger } from '@/lib/logger';
import { partnerContext, type PartnerResolver } from '@/lib/partners/registry';
import { PartnerRejectedError } from '@/lib/partners/types';

/*
 * A position that can no longer be paid here (cancelled, or expired) must not stay payable at the
 * partner either: a citizen holding the printed avviso could still pay it at a PSP or in IO. One job per
 * position tells the partner (GPD invalidate, GovPay ANNULLATA), retried with backoff while the partner
 * is unreachable, stopped for good when it refuses (the reason goes into the position's history).
 */
export const INVALIDATE_QUEUE = 'positions.invalidate';

/** As many attempts as a registration gets: about a week of backoff capped at 10 minutes. */
export const INVALIDATE_MAX_ATTEMPTS = 50;

/** Audit actions the position's history shows. */
export const INVALIDATION_REFUSED = 'posizione_invalidazione_rifiutata';

type Executor = Pick<Database, 'execute'>;

/**
 * Queues the invalidation of these positions of one Ente, in the caller's transaction, for those the
 * partner may know: registered now or at any time before (an update sets a registered position back to
 * pending, but the partner still has it). A position never registered needs nothing: the register job
 * skips positions that are no longer payable. A notice the partner created itself (origin 'partner', found
 * through «Paga un avviso») is not ours to withdraw: the partner knows it by its own key, not by our id,
 * and the system that issued it annuls it there. A live job of the same position is kept.
 */
export async function enqueueInvalidations(db: Executor, enteId: string, positionIds: readonly string[]): Promise<void> {
  if (!positionIds.length) return;
  await db.execute(sql`
    insert into ${jobs} (queue, payload, singleton_key, max_attempts)
    select ${INVALIDATE_QUEUE}, jsonb_build_object('positionId', p.id::text, 'enteId', p.ente_id::text), p.id::text,
      ${INVALIDATE_MAX_ATTEMPTS}
    from ${positions} p
    where p.ente_id = ${enteId}
      and p.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(positionIds)}::jsonb))
      and p.status in ('cancelled', 'expired') and p.origin = 'portal'
      and (p.registered_at is not null or p.registration_status = 'registered')
      and p.partner_invalidated_at is null
    on conflict do nothing`);
}

const payloadSchema = z.object({ enteId: z.guid(), positionId: z.guid() });

export type InvalidationOutcome = 'invalidated' | 'local_only' | 'refused' | 'not_needed';

/** What the partner is told: the clerk's reason for a cancellation, the expiry rule otherwise. */
function reasonOf(position: Pick<Position, 'status' | 'cancelReason'>): string {
  if (position.status === 'cancelled') return position.cancelReason ?? 'Posizione annullata';
  return 'Posizione scaduta: pagamento non concluso entro il tempo previsto';
}

/**
 * The job: asks the partner to invalidate the position when its adapter can ('invalidate'); without
 * that capability (the sandbox) the local status is all there is. PartnerUnavailableError and any other
 * unexpected error propagate, so the queue retries with backoff; PartnerRejectedError ends the job.
 */
export async function invalidateAtPartner(
  db: Database,
  payload: Record<string, unknown>,
  resolvePartner: PartnerResolver,
): Promise<InvalidationOutcome> {
  const { enteId, positionId } = payloadSchema.parse(payload);
  const [ente] = await db.select(enteColumns).from(enti).where(eq(enti.id, enteId));
  const [position] = ente
    ? await db
        .select()
        .from(positions)
        .where(and(eq(positions.enteId, enteId), eq(positions.id, positionId)))
    : [];
  // Paid meanwhile, or brought back to valid by a new due date: nothing to withdraw.
  if (!ente || !position || position.partnerInvalidatedAt || (position.status !== 'cancelled' && position.status !== 'expired'))
    return 'not_needed';
  const partner = await resolvePartner(ente);
  if (!partner.capabilities.has('invalidate') || !partner.invalidatePosition) return 'local_only';
  try {
    await partner.invalidatePosition(
      partnerContext(ente),
      { id: position.id, noticeNumber: position.noticeNumber, iuv: position.iuv },
      reasonOf(position),
    );
  } catch (error) {
    if (!(error instanceof PartnerRejectedError)) throw error;
    await db.insert(auditLog).values({
      enteId,
      action: INVALIDATION_REFUSED,
      targetType: 'position',
      targetId: position.id,
      details: {
        noticeNumber: position.noticeNumber,
        note: `Il partner ha rifiutato: ${error.message}`.slice(0, 500),
        partnerStatus: error.status ?? null,
        partnerCode: error.code ?? null,
      },
    });
    logger.warn(
      { positionId: position.id, enteId, err: error.message, code: error.code },
      'il partner ha rifiutato di annullare la posizione: serve un intervento',
    );
    return 'refused';
  }
  await db
    .update(positions)
    .set({ partnerInvalidatedAt: new Date() })
    .where(and(eq(positions.enteId, enteId), eq(positions.id, position.id), isNull(positions.partnerInvalidatedAt)));
  return 'invalidated';
}
