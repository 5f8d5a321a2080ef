import type { Database } from '@/db';
import { logger } from '@/lib/logger';
import { entiWithPendingReceipts, sequenceBatch } from './sequencer';

/*
 * When the sequencer runs. The instance that acknowledged a receipt kicks the sequencer for its Ente at
 * once, in process and without making the partner wait. One run per database pool drains every Ente
 * kicked so far, batch after batch, each batch spanning as many of them as it can (group commit across
 * Enti); kicks during a run join it. When another instance holds an Ente's right, the run tries it again
 * shortly: that holder may have looked for pending entries just before this one was stored. What is
 * still left after that (an instance killed between acknowledgement and append) is found by the sweep,
 * which the worker runs every second. A server on PostgreSQL hands its runs to a thread of its own
 * (sequencer-thread.ts), whose event loop no HTTP request delays: the kicks below then go there.
 */

const BUSY_RETRIES = 5;
const BUSY_RETRY_MS = 20;
/**
 * A batch that follows one that was not full starts this long after it at the earliest: the receipts acknowledged
 * meanwhile share its commit. Without it, in a thread of its own, the sequencer committed a batch of three every
 * ~40 ms under a storm, each with its dozen statements, and took that CPU from the acknowledgements.
 */
const MIN_BATCH_INTERVAL_MS = 200;

interface Run {
  /** Enti kicked since the run last looked. */
  kicked: Set<string>;
  done: Promise<void>;
}

const runs = new WeakMap<Database, Run>();
/** When the pool's last batch started, unless it was full: across runs, which end whenever nothing is kicked. */
const pacing = new WeakMap<Database, number>();

/** Runs the sequencer for a pool elsewhere (sequencer-thread.ts): the kicks and the waits for the pool go to it. */
export interface SequencerDelegate {
  kick(enteId: string): void;
  /** Resolves when everything kicked so far has been drained (or the delegate is gone). */
  idle(): Promise<void>;
}

// On globalThis: Next bundles the instrumentation, which sets it, apart from the routes, which kick.
const holder = globalThis as typeof globalThis & { __portaleSequencerDelegates?: WeakMap<Database, SequencerDelegate> };
const delegates = (holder.__portaleSequencerDelegates ??= new WeakMap());

/** From now on the pool's kicks go to `delegate`; null brings them back to this event loop. */
export function delegateSequencer(db: Database, delegate: SequencerDelegate | null): void {
  if (delegate) delegates.set(db, delegate);
  else delegates.delete(db);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function drive(db: Database, run: Run): Promise<void> {
  const wanted = new Set<string>();
  // Enti whose right was held elsewhere, and how many times in a row: left out of the batches until retried.
  const busy = new Map<string, number>();
  const takeKicked = () => {
    for (const enteId of run.kicked) wanted.add(enteId);
    run.kicked.clear();
  };
  for (;;) {
    takeKicked();
    if (wanted.size === 0 && busy.size > 0) {
      await sleep(BUSY_RETRY_MS);
      for (const enteId of busy.keys()) wanted.add(enteId);
      continue;
    }
    if (wanted.size === 0) {
      // In the same synchronous step as the check of `kicked`: a kick from now on starts a new run.
      runs.delete(db);
      return;
    }
    const wait = (pacing.get(db) ?? -Infinity) + MIN_BATCH_INTERVAL_MS - Date.now();
    if (wait > 0) {
      await sleep(wait);
      takeKicked();
    }
    pacing.set(db, Date.now());
    const result = await sequenceBatch(db, [...wanted]).catch((error: unknown) => {
      // Nothing is lost: the entries stay pending for the next kick or the sweep.
      logger.warn(
        { enti: wanted.size, err: error instanceof Error ? error.message : String(error) },
        'sequencer delle ricevute: lotto non riuscito',
      );
      return null;
    });
    if (!result) {
      wanted.clear();
      busy.clear();
      continue;
    }
    for (const enteId of busy.keys()) if (!result.busy.includes(enteId)) busy.delete(enteId);
    for (const enteId of result.busy) {
      wanted.delete(enteId);
      const tries = (busy.get(enteId) ?? 0) + 1;
      if (tries > BUSY_RETRIES) busy.delete(enteId);
      else busy.set(enteId, tries);
    }
    if (result.more) pacing.delete(db);
    // Not `more`: every Ente asked for is drained, but for the busy ones.
    if (!result.more) wanted.clear();
  }
}

/** Has the pool's sequencer run append the Ente's pending receipts; never throws and never makes the caller wait. */
export function kickSequencer(db: Database, enteId: string): void {
  const delegate = delegates.get(db);
  if (delegate) {
    delegate.kick(enteId);
    return;
  }
  const running = runs.get(db);
  if (running) {
    running.kicked.add(enteId);
    return;
  }
  const run: Run = { kicked: new Set([enteId]), done: Promise.resolve() };
  runs.set(db, run);
  run.done = drive(db, run);
}

/** Resolves when no run started on this pool is left: before closing it, and in tests. */
export async function sequencerIdle(db: Database): Promise<void> {
  await delegates.get(db)?.idle();
  for (let run = runs.get(db); run; run = runs.get(db)) await run.done;
}

/**
 * The sweep, for the worker: kicks the sequencer for every Ente with pending entries, whoever acknowledged
 * them, without waiting for the run. Returns how many Enti had some.
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
