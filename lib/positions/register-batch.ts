import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { enteColumns, enti, jobs, positions, services } from '@/db/schema';
import { retryDelayMs, type JobContext } from '@/lib/jobs/queue';
import type { PartnerResolver } from '@/lib/partners/registry';
import type { PaymentPartner } from '@/lib/partners/types';
import { REGISTER_QUEUE, registerPosition } from './create';

/** One job registers many positions of one Ente (a bulk import's batch): one `jobs` row instead of one per position. */
export const REGISTER_BATCH_QUEUE = 'positions.register-batch';

/** The same attempts a single registration job gets. */
export const REGISTER_MAX_ATTEMPTS = 50;

type Executor = Pick<Database, 'execute'>;

/** Queues one registration job per position, as a position created by hand gets (a live job of the same position is kept). */
export async function enqueueRegistrations(db: Executor, enteId: string, positionIds: readonly string[], runAt: Date): Promise<void> {
  if (!positionIds.length) return;
  await db.execute(sql`
    insert into ${jobs} (queue, payload, singleton_key, max_attempts, run_at)
    select ${REGISTER_QUEUE}, jsonb_build_object('positionId', id, 'enteId', ${enteId}::text), id, ${REGISTER_MAX_ATTEMPTS},
      ${runAt.toISOString()}::timestamptz
    from jsonb_array_elements_text(${JSON.stringify(positionIds)}::jsonb) as id
    on conflict do nothing`);
}

/** Queues one job that registers all these positions of the Ente with its partner. */
export async function enqueueRegistrationBatch(db: Executor, enteId: string, positionIds: readonly string[]): Promise<void> {
  if (!positionIds.length) return;
  await db.execute(sql`
    insert into ${jobs} (queue, payload, max_attempts)
    values (${REGISTER_BATCH_QUEUE}, ${JSON.stringify({ enteId, positionIds })}::jsonb, ${REGISTER_MAX_ATTEMPTS})`);
}

/** Extend the job's lock after this many partner calls, well inside the run timeout. */
const POSITIONS_PER_LOCK_EXTENSION = 50;

/** What an import batch's job carries; a malformed payload fails the job (and ends among the dead ones). */
const batchPayload = z.object({ enteId: z.guid(), positionIds: z.array(z.guid()) });

/**
 * Registers the batch's positions that are still pending, one partner call each. When the partner cannot
 * be reached, registerPosition has already queued that position's own retry with backoff; the positions
 * not yet tried get their own jobs, due after the same delay, and the batch is done: retries stay per
 * position (and visible per position in the Ente's dead jobs), and a partner outage costs one call, not
 * one per position.
 */
export async function registerPositionsBatch(
  db: Database,
  payload: Record<string, unknown>,
  resolvePartner: PartnerResolver,
  context: Pick<JobContext, 'signal' | 'extendLock'>,
): Promise<{ registered: number; handedOff: number }> {
  const { enteId, positionIds: ids } = batchPayload.parse(payload);
  const [ente] = await db.select(enteColumns).from(enti).where(eq(enti.id, enteId));
  if (!ente || !ids.length) return { registered: 0, handedOff: 0 };
  const pending = await db
    .select({ position: positions, service: { code: services.code, partnerServiceCode: services.partnerServiceCode } })
    .from(positions)
    .leftJoin(services, and(eq(services.id, positions.serviceId), eq(services.enteId, positions.enteId)))
    // Cancelled or expired meanwhile: never registered (registerPosition would skip them too).
    .where(
      and(
        eq(positions.enteId, ente.id),
        inArray(positions.id, ids),
        eq(positions.registrationStatus, 'pending'),
        eq(positions.status, 'valid'),
      ),
    );
  // One adapter for the whole batch: a real partner's connection is read and decrypted once, not per
  // position. Resolved lazily, so that a failure still lands in registerPosition's retry path.
  let partner: Promise<PaymentPartner> | undefined;
  const batchPartner: PartnerResolver = (e) => (partner ??= Promise.resolve().then(() => resolvePartner(e)));
  let registered = 0;
  for (const [i, { position, service }] of pending.entries()) {
    // A timed-out or stolen run stops here; what is left stays pending and the next run picks it up.
    context.signal.throwIfAborted();
    const outcome = await registerPosition(db, ente, position, batchPartner, service);
    if (outcome === 'pending') {
      // The partner is down now: the rest wait as long as a position that failed once.
      const rest = pending.slice(i + 1).map((p) => p.position.id);
      await enqueueRegistrations(db, ente.id, rest, new Date(Date.now() + retryDelayMs(1)));
      return { registered, handedOff: rest.length + 1 };
    }
    if (outcome === 'registered') registered++;
    if ((i + 1) % POSITIONS_PER_LOCK_EXTENSION === 0) await context.extendLock();
  }
  return { registered, handedOff: 0 };
}
