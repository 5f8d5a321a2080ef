import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { jobs } from '@/db/schema';
import { logger } from '@/lib/logger';

export type Job = typeof jobs.$inferSelect;

/** A job as its current owner sees it: `lockedBy` is the owner token that completing, failing or extending needs. */
export type ClaimedJob = Job & { lockedBy: string };

export interface EnqueueOptions {
  /** Earliest time to run; default now. */
  runAt?: Date;
  /** At most one live job per (queue, key): a second enqueue with the same key finds the first. Dead jobs do not count. */
  singletonKey?: string;
  maxAttempts?: number;
}

/** `created: false` means a live job with the same singleton key was already there (its id, when still visible). */
export type EnqueueResult = { created: true; id: number } | { created: false; id: number | null };

export async function enqueue(
  db: Database,
  queue: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<EnqueueResult> {
  const [inserted] = await db
    .insert(jobs)
    .values({
      queue,
      payload,
      runAt: options.runAt ?? new Date(),
      singletonKey: options.singletonKey,
      maxAttempts: options.maxAttempts ?? 20,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  if (inserted) return { created: true, id: inserted.id };
  const [live] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.queue, queue), eq(jobs.singletonKey, options.singletonKey ?? ''), isNull(jobs.doneAt), isNull(jobs.deadAt)));
  // The live job may have finished between the two statements: the caller's work was still scheduled once.
  return { created: false, id: live?.id ?? null };
}

/**
 * Claims up to `limit` due jobs of a queue for `lockMs`, each with a fresh owner token. SKIP LOCKED lets
 * several workers (app instances) poll the same queue without taking the same job; the job of a worker
 * that dies becomes claimable again when its lock expires, and dies itself if that was its last attempt.
 */
export async function claimJobs(db: Database, queue: string, limit: number, lockMs = 60_000): Promise<ClaimedJob[]> {
  await buryAbandonedJobs(db, queue);
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.queue, queue),
        isNull(jobs.doneAt),
        isNull(jobs.deadAt),
        lte(jobs.runAt, sql`now()`),
        or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, sql`now()`)),
        lt(jobs.attempts, jobs.maxAttempts),
      ),
    )
    .orderBy(asc(jobs.runAt), asc(jobs.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(jobs)
    .set({
      lockedUntil: sql`now() + make_interval(secs => ${lockMs / 1000})`,
      lockedBy: sql`gen_random_uuid()`,
      attempts: sql`${jobs.attempts} + 1`,
    })
    .where(inArray(jobs.id, due))
    .returning();
  return (claimed as ClaimedJob[]).sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

/** The jobs whose worker died during their last attempt: nobody may claim them again, so they are dead. */
async function buryAbandonedJobs(db: Database, queue: string): Promise<void> {
  const buried = await db
    .update(jobs)
    .set({
      deadAt: sql`now()`,
      lockedUntil: null,
      lockedBy: null,
      lastError: sql`coalesce(${jobs.lastError}, 'ultimo tentativo interrotto')`,
    })
    .where(
      and(
        eq(jobs.queue, queue),
        isNull(jobs.doneAt),
        isNull(jobs.deadAt),
        sql`${jobs.attempts} >= ${jobs.maxAttempts}`,
        or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, sql`now()`)),
      ),
    )
    .returning();
  for (const job of buried) reportDeadJob(job);
}

function reportDeadJob(job: Pick<Job, 'id' | 'queue' | 'attempts' | 'singletonKey' | 'lastError'>): void {
  logger.error(
    { event: 'job_dead', jobId: job.id, queue: job.queue, attempts: job.attempts, singletonKey: job.singletonKey, err: job.lastError },
    'lavoro fermato dopo tutti i tentativi: serve un intervento',
  );
}

/** Only the current owner may settle or extend a job: a late worker whose lock was taken changes nothing. */
function ownedBy(job: Pick<ClaimedJob, 'id' | 'lockedBy'>) {
  return and(eq(jobs.id, job.id), eq(jobs.lockedBy, job.lockedBy), isNull(jobs.doneAt), isNull(jobs.deadAt));
}

/** Marks the job done. False when the caller no longer owns it (its lock expired and another worker took it). */
export async function completeJob(db: Database, job: Pick<ClaimedJob, 'id' | 'lockedBy'>): Promise<boolean> {
  const done = await db
    .update(jobs)
    .set({ doneAt: sql`now()`, lockedUntil: null, lockedBy: null, lastError: null })
    .where(ownedBy(job))
    .returning({ id: jobs.id });
  return done.length > 0;
}

/** Exponential backoff from 2 s, capped at 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

/**
 * Records a failed attempt: the job runs again after a backoff, or is dead when that was its last
 * attempt. False when the caller no longer owns the job (nothing is changed then).
 */
export async function failJob(db: Database, job: Pick<ClaimedJob, 'id' | 'lockedBy' | 'attempts'>, error: unknown): Promise<boolean> {
  const message = error instanceof Error ? error.message : String(error);
  const [failed] = await db
    .update(jobs)
    .set({
      lockedUntil: null,
      lockedBy: null,
      lastError: message.slice(0, 2000),
      runAt: new Date(Date.now() + retryDelayMs(job.attempts)),
      deadAt: sql`case when ${jobs.attempts} >= ${jobs.maxAttempts} then now() end`,
    })
    .where(ownedBy(job))
    .returning();
  if (failed?.deadAt) reportDeadJob(failed);
  return failed !== undefined;
}

/** Pushes the owner's lock to `lockMs` from now. False when the caller no longer owns the job. */
export async function extendJobLock(db: Database, job: Pick<ClaimedJob, 'id' | 'lockedBy'>, lockMs: number): Promise<boolean> {
  const extended = await db
    .update(jobs)
    .set({ lockedUntil: sql`now() + make_interval(secs => ${lockMs / 1000})` })
    .where(ownedBy(job))
    .returning({ id: jobs.id });
  return extended.length > 0;
}

/** What a handler gets besides its payload. */
export interface JobContext {
  jobId: number;
  /** 1 on the first run. */
  attempt: number;
  /** Aborted when the run times out or the lock is lost: a long handler should stop (and pass it to fetch). */
  signal: AbortSignal;
  /** Gives the run `ms` more (default: the queue timeout) and extends the lock to match. False if the lock was lost. */
  extendLock(ms?: number): Promise<boolean>;
}

export type JobHandler = (db: Database, payload: Record<string, unknown>, context: JobContext) => Promise<void>;

export interface RunOptions {
  limitPerQueue?: number;
  /** A run that takes longer counts as failed (default 60 s). */
  timeoutMs?: number;
}

/** The lock outlives the run timeout by this much, so the worker can record the timeout before anyone else may claim. */
export const LOCK_GRACE_MS = 15_000;

export class JobTimeoutError extends Error {
  constructor(ms: number) {
    super(`tempo scaduto dopo ${ms} ms`);
    this.name = 'JobTimeoutError';
  }
}

class JobLockLostError extends Error {
  constructor() {
    super('il lavoro è stato preso da un altro worker');
    this.name = 'JobLockLostError';
  }
}

/** Runs every due job of the given queues once. Returns how many ran (succeeded or failed). */
export async function runDueJobs(db: Database, handlers: Record<string, JobHandler>, options: RunOptions = {}): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let ran = 0;
  for (const [queue, handler] of Object.entries(handlers)) {
    for (const job of await claimJobs(db, queue, options.limitPerQueue ?? 20, timeoutMs + LOCK_GRACE_MS)) {
      ran++;
      await runClaimedJob(db, job, handler, timeoutMs);
    }
  }
  return ran;
}

/** Runs one claimed job to completion, failure or timeout, and settles it if the lock is still ours. */
export async function runClaimedJob(
  db: Database,
  job: ClaimedJob,
  handler: JobHandler,
  timeoutMs: number,
): Promise<'completed' | 'failed' | 'lost'> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new JobTimeoutError(ms)), ms);
    timer.unref();
  };
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => {});
  const context: JobContext = {
    jobId: job.id,
    attempt: job.attempts,
    signal: controller.signal,
    extendLock: async (ms = timeoutMs) => {
      if (controller.signal.aborted) return false;
      const held = await extendJobLock(db, job, ms + LOCK_GRACE_MS);
      if (held) arm(ms);
      else controller.abort(new JobLockLostError());
      return held;
    },
  };
  arm(timeoutMs);
  let failure: { error: unknown } | null = null;
  try {
    const work = Promise.resolve().then(() => handler(db, job.payload, context));
    // A handler that ignores the signal keeps running after a timeout: its late result is dropped.
    work.catch(() => {});
    await Promise.race([work, aborted]);
  } catch (error) {
    failure = { error };
  } finally {
    clearTimeout(timer);
  }
  if (!failure) return (await completeJob(db, job)) ? 'completed' : 'lost';
  const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
  logger.warn(
    { event: 'job_failed', jobId: job.id, queue: job.queue, attempt: job.attempts, err: message },
    'tentativo di lavoro non riuscito',
  );
  return (await failJob(db, job, failure.error)) ? 'failed' : 'lost';
}

/** postgres-js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
