import { and, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, jobs, positions } from '@/db/schema';
import { REGISTER_QUEUE } from '@/lib/positions/create';
import { INVALIDATE_QUEUE } from '@/lib/positions/invalidate';
import { REGISTER_BATCH_QUEUE } from '@/lib/positions/register-batch';
import { listDeadJobs, retryDeadJob, type DeadJobPage, type RetryOutcome } from './queries';

/*
 * Jobs carry no Ente column: their payload names what they work on. An Ente's back office sees the jobs
 * that register its own positions with the partner or withdraw them from it (the payload's position must
 * be one of the Ente's, not only name it); the sandbox's deliveries and maintenance are the platform's.
 */

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** A position of this Ente whose id is the payload's text at `path`, looked up by primary key. */
function ownsPosition(enteId: string, path: SQL): SQL {
  return sql`exists (select 1 from ${positions} p
    where p.id = (case when ${path} ~ ${UUID} then (${path})::uuid end) and p.ente_id = ${enteId})`;
}

/** The jobs of this Ente: registrations and invalidations whose position (for a batch: its first) is the Ente's. */
export function enteJobCondition(enteId: string): SQL {
  return or(
    and(inArray(jobs.queue, [REGISTER_QUEUE, INVALIDATE_QUEUE]), ownsPosition(enteId, sql`${jobs.payload}->>'positionId'`)),
    and(eq(jobs.queue, REGISTER_BATCH_QUEUE), ownsPosition(enteId, sql`${jobs.payload}->'positionIds'->>0`)),
  )!;
}

export function listEnteDeadJobs(db: Database, enteId: string, options: { after?: string; limit: number }): Promise<DeadJobPage> {
  return listDeadJobs(db, { ...options, where: enteJobCondition(enteId) });
}

/** Retries a dead job of this Ente, audited; another Ente's job (or any other queue's) is `not_found`. */
export async function retryEnteDeadJob(
  db: Database,
  enteId: string,
  input: { id: number; actorUserId: string; address: string },
): Promise<RetryOutcome | 'not_found'> {
  const [own] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.id, input.id), isNotNull(jobs.deadAt), enteJobCondition(enteId)));
  if (!own) return 'not_found';
  const outcome = await retryDeadJob(db, input.id);
  if (outcome === 'retried') {
    await db.insert(auditLog).values({
      enteId,
      actorUserId: input.actorUserId,
      action: 'lavoro_riprovato',
      targetType: 'lavoro',
      targetId: String(input.id),
      ip: input.address.slice(0, 45),
    });
  }
  return outcome;
}
