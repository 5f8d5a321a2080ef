import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { jobs, partnerInbox } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import { metrics } from './registry';

/*
 * The gauges read from the database at scrape time: the state is shared by every instance, so each one
 * reports the same values (aggregate with max, not sum). Three small queries, each on a partial index that
 * holds only what it counts: jobs_ready_idx (live jobs), jobs_dead_idx (dead jobs) and
 * partner_inbox_unprocessed_idx (entries not processed yet).
 */

interface QueueRow {
  queue: string;
  due: number;
  lag: number | null;
}

interface DeadRow {
  queue: string;
  dead: number;
}

interface InboxRow {
  pending: number;
  oldest: number | null;
}

async function readGauges(db: Database) {
  const [queues, dead, inbox] = await Promise.all([
    db.execute(sql`
      select ${jobs.queue} as "queue", count(*)::int as "due",
        extract(epoch from now() - min(${jobs.runAt}))::float8 as "lag"
      from ${jobs}
      where ${jobs.doneAt} is null and ${jobs.deadAt} is null and ${jobs.runAt} <= now()
      group by ${jobs.queue}`),
    db.execute(sql`
      select ${jobs.queue} as "queue", count(*)::int as "dead"
      from ${jobs} where ${jobs.deadAt} is not null group by ${jobs.queue}`),
    db.execute(sql`
      select count(*)::int as "pending", extract(epoch from now() - min(${partnerInbox.receivedAt}))::float8 as "oldest"
      from ${partnerInbox}
      where ${partnerInbox.processedAt} is null and ${partnerInbox.verified} and ${partnerInbox.outcome} is null`),
  ]);
  return { queues: rowsOf<QueueRow>(queues), dead: rowsOf<DeadRow>(dead), inbox: rowsOf<InboxRow>(inbox)[0] };
}

/**
 * Sets the database gauges. A queue with nothing due has no series (reset first, so that a drained queue
 * does not keep its last value). When the database does not answer, the gauges are left empty and
 * `portale_database_up` is 0: the scrape itself still succeeds with the process metrics.
 */
export async function collectDatabaseGauges(database: () => Promise<Database>): Promise<void> {
  const m = metrics();
  const gauges = [m.jobsDue, m.jobsLag, m.jobsDead, m.inboxPending, m.inboxOldestPending];
  let read: Awaited<ReturnType<typeof readGauges>>;
  try {
    read = await readGauges(await database());
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'metriche: database non raggiungibile');
    for (const gauge of gauges) gauge.reset();
    m.databaseUp.set(0);
    return;
  }
  for (const gauge of gauges) gauge.reset();
  for (const row of read.queues) {
    m.jobsDue.set({ queue: row.queue }, Number(row.due));
    m.jobsLag.set({ queue: row.queue }, Math.max(0, Number(row.lag ?? 0)));
  }
  for (const row of read.dead) m.jobsDead.set({ queue: row.queue }, Number(row.dead));
  m.inboxPending.set(Number(read.inbox?.pending ?? 0));
  m.inboxOldestPending.set(Math.max(0, Number(read.inbox?.oldest ?? 0)));
  m.databaseUp.set(1);
}
