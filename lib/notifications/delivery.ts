import { and, asc, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { notificationOutbox, type OutboxMessage } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { enqueue, retryDelayMs } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import { PartnerRejectedError, PartnerUnavailableError } from '@/lib/partners/types';
import { composeEmail } from './compose';
import type { Mailer } from './email/mailer';
import { UndeliverableError } from './facts';
import { deliverIo, newIoRun, type IoRun } from './io/deliver';
import { settle, type Settlement } from './settlement';

export const NOTIFICATIONS_QUEUE = 'notifications.deliver';

/** A worker holds the messages it claimed this long: one that dies mid-send leaves them to another after it. */
const CLAIM_MS = 120_000;

const DUE = and(
  inArray(notificationOutbox.state, ['pending', 'failed']),
  lte(notificationOutbox.nextAttemptAt, sql`now()`),
  or(isNull(notificationOutbox.lockedUntil), lt(notificationOutbox.lockedUntil, sql`now()`)),
);

/** Claims up to `limit` due messages (SKIP LOCKED: several workers never take the same one), counting the attempt. */
async function claimDue(db: Database, limit: number): Promise<OutboxMessage[]> {
  const due = db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(DUE)
    .orderBy(asc(notificationOutbox.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(notificationOutbox)
    .set({
      lockedUntil: sql`now() + make_interval(secs => ${CLAIM_MS / 1000})`,
      // A look at the status of a message App IO already accepted is not another attempt to deliver it.
      attempts: sql`${notificationOutbox.attempts} + case when ${notificationOutbox.providerId} is null then 1 else 0 end`,
      updatedAt: sql`now()`,
    })
    .where(inArray(notificationOutbox.id, due))
    .returning();
}

/** How each channel leaves: the e-mail relay, and App IO (its client and what IO told this run). */
interface DeliveryRun {
  mailer: Mailer;
  io: IoRun;
}

async function deliverEmail(db: Database, mailer: Mailer, message: OutboxMessage): Promise<Settlement> {
  const mail = await composeEmail(db, message);
  return mail === 'cancelled' ? { state: 'cancelled' } : { state: 'sent', providerId: await mailer(mail) };
}

/**
 * A failed attempt: final when the message can never go or the channel refused it for good (a 4xx of App IO),
 * or after the last attempt; otherwise retried after a backoff, or after the wait the channel asked for.
 */
function failure(message: OutboxMessage, error: unknown, maxAttempts: number): Settlement {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof UndeliverableError || error instanceof PartnerRejectedError || message.attempts >= maxAttempts) {
    return { state: 'dead', error: text };
  }
  const asked = error instanceof PartnerUnavailableError ? (error.retryAfterMs ?? 0) : 0;
  return { state: 'failed', error: text, nextAttemptAt: new Date(Date.now() + Math.max(retryDelayMs(message.attempts), asked)) };
}

/** Sends one claimed message and records the attempt: sent, retried after a backoff, or dead after the last attempt. */
async function deliverOne(db: Database, run: DeliveryRun, message: OutboxMessage, maxAttempts: number): Promise<Settlement['state']> {
  let outcome: Settlement;
  try {
    outcome = message.channel === 'io' ? await deliverIo(db, run.io, message) : await deliverEmail(db, run.mailer, message);
  } catch (error) {
    outcome = failure(message, error, maxAttempts);
    logger.warn(
      {
        event: 'notification_failed',
        outboxId: message.id,
        enteId: message.enteId,
        channel: message.channel,
        attempt: message.attempts,
        final: outcome.state === 'dead',
        err: error instanceof Error ? error.message : String(error),
      },
      'invio della notifica non riuscito',
    );
  }
  await settle(db, message, outcome);
  return outcome.state;
}

/**
 * Delivers the due messages, `batch` at a time, until none is due or `signal` stops the run (the job's
 * timeout: the next run goes on). Returns how many were attempted.
 */
export async function deliverDueMessages(db: Database, mailer: Mailer, signal?: AbortSignal, batch = 20): Promise<number> {
  const maxAttempts = readConfig().NOTIFICATION_MAX_ATTEMPTS;
  const run: DeliveryRun = { mailer, io: newIoRun() };
  let attempted = 0;
  for (let claimed = await claimDue(db, batch); claimed.length > 0 && !signal?.aborted; claimed = await claimDue(db, batch)) {
    for (const message of claimed) await deliverOne(db, run, message, maxAttempts);
    attempted += claimed.length;
  }
  return attempted;
}

/** Asks the job queue for a delivery run when messages are due: one live job at a time, whatever the instances. */
export async function scheduleDelivery(db: Database): Promise<void> {
  const [due] = await db.select({ id: notificationOutbox.id }).from(notificationOutbox).where(DUE).limit(1);
  if (due) await enqueue(db, NOTIFICATIONS_QUEUE, {}, { singletonKey: 'deliver', maxAttempts: 3 });
}
