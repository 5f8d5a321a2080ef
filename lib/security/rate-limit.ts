import { createHash } from 'node:crypto';
import { lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { rateLimits } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';

/** What is counted, how many hits a window allows and how long a window lasts. */
export interface RateLimitRule {
  name: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimitResult = { ok: true; hits: number } | { ok: false; hits: number; retryAfterSeconds: number };

type Executor = Pick<Database, 'execute'>;

/*
 * Fixed-window counters in PostgreSQL, so that every app instance sees the same counts (design rule 8).
 * Keys (client addresses, e-mails, notice numbers) are stored hashed: the table says how often, not who.
 */
function bucketOf(rule: RateLimitRule, key: string): string {
  return `${rule.name}:${createHash('sha256').update(key).digest('base64url').slice(0, 32)}`;
}

function windowOf(rule: RateLimitRule, now: Date): { start: Date; retryAfterSeconds: number } {
  const ms = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / ms) * ms;
  return { start: new Date(start), retryAfterSeconds: Math.max(1, Math.ceil((start + ms - now.getTime()) / 1000)) };
}

/** The start of the rule's window that holds `now`. */
export function windowStartOf(rule: RateLimitRule, now: Date): Date {
  return windowOf(rule, now).start;
}

/** `bucketOf` computed by PostgreSQL, for a scan that skips the keys already counted in a window. */
export function bucketSql(rule: RateLimitRule, key: SQL): SQL {
  return sql`${`${rule.name}:`} || left(translate(encode(sha256(convert_to(${key}, 'UTF8')), 'base64'), '+/', '-_'), 32)`;
}

/** Counts one hit and says whether it is within the limit. Atomic under concurrency (one upsert). */
export async function hitRateLimit(db: Executor, rule: RateLimitRule, key: string, now = new Date()): Promise<RateLimitResult> {
  const window = windowOf(rule, now);
  const result = await db.execute(sql`
    insert into ${rateLimits} (bucket, window_start, hits) values (${bucketOf(rule, key)}, ${window.start.toISOString()}, 1)
    on conflict (bucket, window_start) do update set hits = ${rateLimits.hits} + 1
    returning hits`);
  const hits = Number(rowsOf<{ hits: number | string }>(result)[0]?.hits ?? 0);
  return hits <= rule.limit ? { ok: true, hits } : { ok: false, hits, retryAfterSeconds: window.retryAfterSeconds };
}

/** Reads the current window without counting: for lockouts that count only failures. */
export async function peekRateLimit(db: Executor, rule: RateLimitRule, key: string, now = new Date()): Promise<RateLimitResult> {
  const window = windowOf(rule, now);
  const result = await db.execute(sql`
    select hits from ${rateLimits} where bucket = ${bucketOf(rule, key)} and window_start = ${window.start.toISOString()}`);
  const hits = Number(rowsOf<{ hits: number | string }>(result)[0]?.hits ?? 0);
  return hits < rule.limit ? { ok: true, hits } : { ok: false, hits, retryAfterSeconds: window.retryAfterSeconds };
}

/** Deletes windows that ended before `before` (run by a periodic job). */
export async function pruneRateLimits(db: Database, before: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, before));
}
