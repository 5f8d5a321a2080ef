import { sql } from 'drizzle-orm';
import { rowsOf } from '@/lib/jobs/queue';
import type { Tx } from '@/lib/payments/chain-head';

/*
 * The right to append to an Ente's receipt chain: a transaction-scoped advisory lock keyed by the Ente, so
 * that it is released by commit, rollback or a dead connection alike. Every append takes it first (the
 * sequencer's batches and the direct appends of recovery and pulls), so they never wait on each other's
 * row locks in opposite orders. Two Enti whose ids share a hash only share the right: slower, never wrong.
 */

/** Any fixed int4: the first key of the two-key advisory lock space, the Ente's hash the second. */
const SEQUENCING_LOCK_CLASS = 72_641_101;

/** Waits for the right (a direct append queues behind a running batch). */
export async function waitForSequencingRight(tx: Tx, enteId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SEQUENCING_LOCK_CLASS}::int, hashtext(${enteId}::text))`);
}

/** Takes the right if nobody holds it; false when another transaction, here or in another instance, does. */
export async function trySequencingRight(tx: Tx, enteId: string): Promise<boolean> {
  const result = await tx.execute(
    sql`select pg_try_advisory_xact_lock(${SEQUENCING_LOCK_CLASS}::int, hashtext(${enteId}::text)) as "acquired"`,
  );
  return rowsOf<{ acquired: boolean }>(result)[0]!.acquired;
}
