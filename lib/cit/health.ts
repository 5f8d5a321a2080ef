import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { MIGRATIONS_FOLDER } from '@/db/client';
import { rowsOf } from '@/lib/jobs/queue';

/*
 * The health page: is the database answering and migrated, is the job queue keeping up, is each partner
 * adapter answering. Everything is read from PostgreSQL, so every app instance shows the same.
 */

export interface DatabaseHealth {
  roundTripMs: number;
  appliedMigrations: number;
  knownMigrations: number;
  /** When the newest applied migration was generated; null when none. */
  latestAppliedAt: Date | null;
}

export async function databaseHealth(db: Database): Promise<DatabaseHealth> {
  const started = performance.now();
  await db.execute(sql`select 1`);
  const roundTripMs = performance.now() - started;
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const [applied] = rowsOf<{ n: string | number; latest: string | number | null }>(
    await db.execute(sql`select count(*) as n, max(created_at) as latest from drizzle.__drizzle_migrations`),
  );
  return {
    roundTripMs,
    appliedMigrations: Number(applied?.n ?? 0),
    knownMigrations: files.length,
    latestAppliedAt: applied?.latest ? new Date(Number(applied.latest)) : null,
  };
}

/** The queues as staff know them; an unknown queue shows its code. */
export const QUEUE_LABELS: Record<string, string> = {
  'positions.register': 'Registrazione delle posizioni presso il partner',
  'positions.invalidate': 'Annullamento delle posizioni presso il partner',
  'positions.import': 'Importazione di posizioni da file',
  'imports.avvisi': 'Avvisi in PDF delle importazioni',
  'sandbox.deliver': 'Notifiche del partner di prova',
  'conservazione.versamento': 'Invio delle ricevute in conservazione',
};

export interface QueueHealth {
  queue: string;
  /** Due and waiting for a worker. */
  ready: number;
  /** Due later (a retry's backoff, a scheduled task). */
  scheduled: number;
  /** Held by a worker now. */
  running: number;
  dead: number;
  /** Seconds since the oldest ready job became due: the queue's lag. Null when none is waiting. */
  oldestReadySeconds: number | null;
}

/** Live jobs through jobs_ready_idx and dead ones through jobs_dead_idx; finished jobs are not read. */
export async function queueHealth(db: Database): Promise<QueueHealth[]> {
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      with live as (
        select queue,
          count(*) filter (where run_at <= now() and (locked_until is null or locked_until <= now())) as ready,
          count(*) filter (where run_at > now() and (locked_until is null or locked_until <= now())) as scheduled,
          count(*) filter (where locked_until > now()) as running,
          extract(epoch from now() - min(run_at) filter (where run_at <= now() and (locked_until is null or locked_until <= now()))) as lag
        from jobs where done_at is null and dead_at is null group by queue
      ), dead as (
        select queue, count(*) as dead from jobs where dead_at is not null group by queue
      )
      select coalesce(l.queue, d.queue) as queue, coalesce(l.ready, 0) as ready, coalesce(l.scheduled, 0) as scheduled,
        coalesce(l.running, 0) as running, coalesce(d.dead, 0) as dead, l.lag
      from live l full join dead d on d.queue = l.queue
      order by 1`),
  );
  return rows.map((r) => ({
    queue: String(r.queue),
    ready: Number(r.ready),
    scheduled: Number(r.scheduled),
    running: Number(r.running),
    dead: Number(r.dead),
    oldestReadySeconds: r.lag === null ? null : Math.max(0, Math.round(Number(r.lag))),
  }));
}

/** The window of the partners' error rate. */
export const PARTNER_WINDOW_HOURS = 24;

export interface PartnerHealth {
  code: string;
  name: string;
  protocol: string | null;
  /** Calls in the last 24 hours. */
  ok: number;
  errors: number;
  /** Ever recorded. */
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
}

/** Every partner of the registry with its calls' outcomes (partner_call_stats), by name. */
export async function partnerHealth(db: Database): Promise<PartnerHealth[]> {
  const rows = rowsOf<Record<string, string | number | Date | null>>(
    await db.execute(sql`
      select p.code, p.name, p.protocol,
        coalesce(w.ok, 0) as ok, coalesce(w.errors, 0) as errors,
        s.last_success_at as "lastSuccessAt", e.last_error_at as "lastErrorAt", e.last_error as "lastError"
      from partners p
      left join lateral (
        select sum(ok) as ok, sum(errors) as errors from partner_call_stats
        where partner = p.code and minute >= now() - make_interval(hours => ${PARTNER_WINDOW_HOURS})) w on true
      left join lateral (
        select last_success_at from partner_call_stats
        where partner = p.code and last_success_at is not null order by minute desc limit 1) s on true
      left join lateral (
        select last_error_at, last_error from partner_call_stats
        where partner = p.code and last_error_at is not null order by minute desc limit 1) e on true
      order by p.name`),
  );
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | Date));
  return rows.map((r) => ({
    code: String(r.code),
    name: String(r.name),
    protocol: r.protocol === null ? null : String(r.protocol),
    ok: Number(r.ok),
    errors: Number(r.errors),
    lastSuccessAt: date(r.lastSuccessAt),
    lastErrorAt: date(r.lastErrorAt),
    lastError: r.lastError === null ? null : String(r.lastError),
  }));
}

/** Errors over calls as a percentage with one decimal; null without calls. */
export function errorRate(p: Pick<PartnerHealth, 'ok' | 'errors'>): number | null {
  const calls = p.ok + p.errors;
  return calls === 0 ? null : Math.round((p.errors / calls) * 1000) / 10;
}
