import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { jobs } from '@/db/schema';

export type Job = typeof jobs.$inferSelect;

export interface EnqueueOptions {
  /** Earliest time to run; default now. */
  runAt?: Date;
  /** At most one pending job per (queue, key): a second enqueue with the same key is a no-op. */
  singletonKey?: string;
  maxAttempts?: number;
}

export async function enqueue(db: Database, queue: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<void> {
  await db
    .insert(jobs)
    .values({
      queue,
      payload,
      runAt: options.runAt ?? new Date(),
      singletonKey: options.singletonKey,
      maxAttempts: options.maxAttempts ?? 20,
    })
    .onConflictDoNothing();
}

/**
 * Claims up to `limit` due jobs for `lockSeconds`. SKIP LOCKED lets several workers (app instances)
 * poll the same queue without taking the same job; a worker that dies releases it when the lock expires.
 */
export async function claimJobs(db: Database, queue: string, limit: number, lockSeconds = 60): Promise<Job[]> {
  const result = await db.execute(sql`
    update ${jobs} set locked_until = now() + make_interval(secs => ${lockSeconds}), attempts = attempts + 1
    where id in (
      select id from ${jobs}
      where queue = ${queue} and done_at is null and run_at <= now()
        and (locked_until is null or locked_until < now()) and attempts < max_attempts
      order by run_at
      limit ${limit}
      for update skip locked
    )
    returning id`);
  const ids = rowsOf<{ id: number | string }>(result).map((r) => Number(r.id));
  if (ids.length === 0) return [];
  return db
    .select()
    .from(jobs)
    .where(sql`${jobs.id} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`)
    .orderBy(asc(jobs.runAt), asc(jobs.id));
}

export async function completeJob(db: Database, id: number): Promise<void> {
  await db.update(jobs).set({ doneAt: new Date(), lockedUntil: null, lastError: null }).where(eq(jobs.id, id));
}

/** Exponential backoff from 2 s, capped at 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

export async function failJob(db: Database, job: Job, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await db
    .update(jobs)
    .set({ lockedUntil: null, lastError: message.slice(0, 2000), runAt: new Date(Date.now() + retryDelayMs(job.attempts)) })
    .where(and(eq(jobs.id, job.id), isNull(jobs.doneAt)));
}

export type JobHandler = (db: Database, payload: Record<string, unknown>) => Promise<void>;

/** Runs every due job of the given queues once. Returns how many ran (succeeded or failed). */
export async function runDueJobs(db: Database, handlers: Record<string, JobHandler>, limitPerQueue = 20): Promise<number> {
  let ran = 0;
  for (const [queue, handler] of Object.entries(handlers)) {
    for (const job of await claimJobs(db, queue, limitPerQueue)) {
      ran++;
      try {
        await handler(db, job.payload);
        await completeJob(db, job.id);
      } catch (error) {
        await failJob(db, job, error);
      }
    }
  }
  return ran;
}

/** postgres-js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
