import { and, count, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { jobs } from '@/db/schema';
import { rowsOf } from './queue';

/*
 * Dead jobs for the platform back office (jobs are not owned by one Ente: their payloads name it).
 * Only platform administrators may see these lists.
 */

export interface DeadJob {
  id: number;
  queue: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  singletonKey: string | null;
  createdAt: Date;
  deadAt: Date;
}

export interface DeadJobPage {
  jobs: DeadJob[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The metric: how many jobs stopped after using all their attempts. */
export async function countDeadJobs(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(jobs).where(isNotNull(jobs.deadAt));
  return Number(row?.n ?? 0);
}

// The cursor carries dead_at as PostgreSQL prints it: a JavaScript Date would drop the microseconds.
const CURSOR = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2})\|(\d{1,18})$/;

function decodeCursor(after: string | undefined): { deadAt: string; id: number } | null {
  if (!after) return null;
  const match = CURSOR.exec(Buffer.from(after, 'base64url').toString('utf8'));
  return match ? { deadAt: match[1]!, id: Number(match[2]) } : null;
}

/**
 * Dead jobs, most recently dead first, by keyset pagination on (dead_at, id). A cursor that does not
 * decode starts from the first page. `where` narrows the list (an Ente's back office: lib/jobs/ente-jobs.ts).
 */
export async function listDeadJobs(db: Database, options: { after?: string; limit: number; where?: SQL }): Promise<DeadJobPage> {
  const limit = Number.isFinite(options.limit) ? Math.min(Math.max(1, Math.trunc(options.limit)), 500) : 50;
  const cursor = decodeCursor(options.after);
  const after = cursor ? sql`(${jobs.deadAt}, ${jobs.id}) < (${cursor.deadAt}::timestamptz, ${cursor.id})` : undefined;
  const rows = await db
    .select({
      id: jobs.id,
      queue: jobs.queue,
      payload: jobs.payload,
      attempts: jobs.attempts,
      maxAttempts: jobs.maxAttempts,
      lastError: jobs.lastError,
      singletonKey: jobs.singletonKey,
      createdAt: jobs.createdAt,
      deadAt: jobs.deadAt,
      deadAtText: sql<string>`${jobs.deadAt}::text`,
    })
    .from(jobs)
    .where(and(isNotNull(jobs.deadAt), after, options.where))
    .orderBy(desc(jobs.deadAt), desc(jobs.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    jobs: page.map((row) => ({
      id: row.id,
      queue: row.queue,
      payload: row.payload,
      attempts: row.attempts,
      maxAttempts: row.maxAttempts,
      lastError: row.lastError,
      singletonKey: row.singletonKey,
      createdAt: row.createdAt,
      deadAt: row.deadAt!,
    })),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.deadAtText}|${last.id}`).toString('base64url') : null,
  };
}

export type RetryOutcome = 'retried' | 'not_dead' | 'superseded';

/**
 * Brings a dead job back with fresh attempts. `superseded` when a live job with the same singleton key
 * was enqueued after it died (that one does the work; the dead one stays as it is).
 */
export async function retryDeadJob(db: Database, id: number): Promise<RetryOutcome> {
  let result: unknown;
  try {
    result = await db.execute(sql`
    update ${jobs} j set dead_at = null, attempts = 0, run_at = now(), locked_until = null, locked_by = null
    where j.id = ${id} and j.dead_at is not null and j.done_at is null
      and (j.singleton_key is null or not exists (
        select 1 from ${jobs} live
        where live.queue = j.queue and live.singleton_key = j.singleton_key and live.done_at is null and live.dead_at is null))
    returning j.id`);
  } catch (error) {
    // A live twin enqueued at the same moment took the singleton key.
    if (isUniqueViolation(error)) return 'superseded';
    throw error;
  }
  if (rowsOf(result).length > 0) return 'retried';
  const [dead] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.id, id), isNotNull(jobs.deadAt), isNull(jobs.doneAt)));
  return dead ? 'superseded' : 'not_dead';
}

function isUniqueViolation(error: unknown): boolean {
  // drizzle wraps the driver's error (which carries the SQLSTATE) in its own.
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
