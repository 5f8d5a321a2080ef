import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/lib/payments/chain-head';

/*
 * The right to append to an Ente's receipt chain: a transaction-scoped advisory lock keyed by the Ente, so
 * that it is released by commit, rollback or a dead connection alike. Every append takes it first (the
 * sequencer's batches and the direct appends of recovery and pulls), so they never wait on each other's
 * row locks in opposite orders. A batch spanning several Enti only ever tries the rights (it skips the
 * busy ones and never waits), so it cannot deadlock with a direct append waiting for one of them. Two
 * Enti whose ids share a hash only share the right: slower, never wrong.
 */

/** Any fixed int4: the first key of the two-key advisory lock space, the Ente's hash the second. */
const SEQUENCING_LOCK_CLASS = 72_641_101;

/** Waits for the right (a direct append queues behind a running batch). */
export async function waitForSequencingRight(tx: Tx, enteId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SEQUENCING_LOCK_CLASS}::int, hashtext(${enteId}::text))`);
}

/**
 * The SQL that takes the right of the Ente `enteId` (an expression) if nobody holds it: true, or false
 * when another transaction, here or in another instance, does. For a query that tries several at once.
 */
export function trySequencingRightSql(enteId: SQL): SQL {
  return sql`pg_try_advisory_xact_lock(${SEQUENCING_LOCK_CLASS}::int, hashtext((${enteId})::text))`;
}
