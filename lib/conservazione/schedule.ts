import { and, eq, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { conservazioneConfigs, enti } from '@/db/schema';
import { italianDay } from '@/lib/format/date';
import { romeLocalToDate } from '@/lib/format/rome-time';
import { enqueue } from '@/lib/jobs/queue';

/*
 * When an Ente's conservazione job runs: once a day after DAILY_RUN_TIME (Italian time), earlier when the
 * last run asked for it (failures to retry, a backlog left by the batch limit), and on request («esegui
 * ora», a saved configuration, a «riprova»). One live job per Ente (singleton key); the run's own lease
 * (lib/conservazione/run.ts) keeps two runs of one Ente apart even if two jobs ever ran at once.
 */

export const CONSERVAZIONE_QUEUE = 'conservazione.versamento';

/** At night, when the SacER and the portal are quiet, and after the day's receipts are in. */
export const DAILY_RUN_TIME = '02:00';

/** A run that throws (database trouble) is tried a few times; the conservatore's own outcomes never throw. */
const MAX_JOB_ATTEMPTS = 3;

export const conservazioneSingletonKey = (enteId: string) => `conservazione:${enteId}`;

export type RunRequest = 'queued' | 'already_queued';

/** Queues a run of the Ente's job now (a run already queued or under way is enough). */
export async function requestConservazioneRun(db: Database, enteId: string): Promise<RunRequest> {
  const result = await enqueue(
    db,
    CONSERVAZIONE_QUEUE,
    { enteId },
    { singletonKey: conservazioneSingletonKey(enteId), maxAttempts: MAX_JOB_ATTEMPTS },
  );
  return result.created ? 'queued' : 'already_queued';
}

/** Today's daily slot as an instant. */
export function dailySlot(now: Date): Date {
  return romeLocalToDate(`${italianDay(now)}T${DAILY_RUN_TIME}`)!;
}

/**
 * The maintenance task: queues the run of every Ente whose conservazione is on and due (see above). Enti
 * that are active or suspended only: a suspended Ente's receipts still have to be preserved.
 */
export async function scheduleConservazioneRuns(db: Database, now = new Date()): Promise<number> {
  const slot = dailySlot(now);
  const daily = or(
    isNull(conservazioneConfigs.lastRunStartedAt),
    now >= slot ? lt(conservazioneConfigs.lastRunStartedAt, slot) : sql`false`,
  );
  const due = await db
    .select({ enteId: conservazioneConfigs.enteId })
    .from(conservazioneConfigs)
    .innerJoin(enti, eq(enti.id, conservazioneConfigs.enteId))
    .where(
      and(
        eq(conservazioneConfigs.enabled, true),
        ne(conservazioneConfigs.conservatore, 'none'),
        inArray(enti.adhesionStatus, ['attivo', 'sospeso']),
        or(daily, lte(conservazioneConfigs.runAgainAt, now)),
      ),
    );
  let queued = 0;
  for (const { enteId } of due) if ((await requestConservazioneRun(db, enteId)) === 'queued') queued++;
  return queued;
}
