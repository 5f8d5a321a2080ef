import type { Database } from '@/db';
import { logger } from '@/lib/logger';
import { entiWithPendingReceipts, sequenceEnte } from './sequencer';

/*
 * When the sequencer runs. The instance that acknowledged a receipt kicks its Ente's sequencer at once, in
 * process and without making the partner wait; one run per Ente and database pool at a time, and a kick
 * during a run makes it go round once more. When another instance holds the Ente's right, the run tries
 * again shortly: that holder may have looked for pending entries just before this one was stored. What is
 * still left after that (an instance killed between acknowledgement and append) is found by the sweep,
 * which the worker runs every second.
 */

const BUSY_RETRIES = 5;
const BUSY_RETRY_MS = 20;

interface Run {
  again: boolean;
  done: Promise<void>;
}

const runs = new WeakMap<Database, Map<string, Run>>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function drive(db: Database, enteId: string, active: Map<string, Run>, run: Run): Promise<void> {
  for (let busy = 0; ;) {
    run.again = false;
    const settled = await sequenceEnte(db, enteId).catch((error: unknown) => {
      // Nothing is lost: the entries stay pending for the next kick or the sweep.
      logger.warn({ enteId, err: error instanceof Error ? error.message : String(error) }, 'sequencer delle ricevute: lotto non riuscito');
      return 'failed' as const;
    });
    const goOn = settled === 'busy' ? busy++ < BUSY_RETRIES : settled !== 'failed' && run.again;
    if (!goOn) {
      // In the same synchronous step as the check of `again`: a kick from now on starts a new run.
      active.delete(enteId);
      return;
    }
    if (settled === 'busy') await sleep(BUSY_RETRY_MS);
  }
}

/** Starts (or extends) the Ente's sequencer run; never throws and never makes the caller wait. */
export function kickSequencer(db: Database, enteId: string): void {
  let active = runs.get(db);
  if (!active) runs.set(db, (active = new Map()));
  const running = active.get(enteId);
  if (running) {
    running.again = true;
    return;
  }
  const run: Run = { again: false, done: Promise.resolve() };
  active.set(enteId, run);
  run.done = drive(db, enteId, active, run);
}

/** Resolves when no run started on this pool is left: before closing it, and in tests. */
export async function sequencerIdle(db: Database): Promise<void> {
  for (let active = runs.get(db); active && active.size > 0;) await Promise.all([...active.values()].map((run) => run.done));
}

/**
 * The sweep, for the worker: kicks the sequencer of every Ente with pending entries, whoever acknowledged
 * them, without waiting for the runs. Returns how many Enti had some.
 */
export async function sweepPendingReceipts(db: Database): Promise<number> {
  const pending = await entiWithPendingReceipts(db);
  for (const enteId of pending) kickSequencer(db, enteId);
  return pending.length;
}

/**
 * Sweeps and waits until nothing is pending, for scripts and tests that need the receipts now (the seed,
 * the benchmarks). Gives up after `rounds` sweeps that leave something pending (a batch that keeps
 * failing is logged by its run) and says how many Enti still have pending entries.
 */
export async function drainPendingReceipts(db: Database, rounds = 20): Promise<number> {
  for (let round = 0; round < rounds; round++) {
    if ((await sweepPendingReceipts(db)) === 0) return 0;
    await sequencerIdle(db);
  }
  return (await entiWithPendingReceipts(db)).length;
}
