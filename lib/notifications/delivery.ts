import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { notificationAttempts, notificationOutbox, type OutboxMessage } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { enqueue, retryDelayMs } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import { composeEmail, UndeliverableError } from './compose';
import type { Mailer } from './email/mailer';

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
      attempts: sql`${notificationOutbox.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(inArray(notificationOutbox.id, due))
    .returning();
}

type Settlement =
  { state: 'sent'; providerId: string } | { state: 'cancelled' } | { state: 'failed' | 'dead'; error: string; nextAttemptAt?: Date };

async function settle(db: Database, message: OutboxMessage, outcome: Settlement): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(notificationOutbox)
      .set({
        state: outcome.state,
        lockedUntil: null,
        updatedAt: sql`now()`,
        ...(outcome.state === 'sent' ? { providerId: outcome.providerId.slice(0, 200), sentAt: sql`now()`, lastError: null } : {}),
        ...(outcome.state === 'cancelled' ? { lastError: 'posizione pagata o annullata: messaggio non più necessario' } : {}),
        ...(outcome.state === 'failed' || outcome.state === 'dead'
          ? { lastError: outcome.error.slice(0, 2000), nextAttemptAt: outcome.nextAttemptAt ?? sql`now()` }
          : {}),
      })
      .where(and(eq(notificationOutbox.id, message.id), eq(notificationOutbox.enteId, message.enteId)));
    if (outcome.state === 'cancelled') return;
    await tx.insert(notificationAttempts).values({
      outboxId: message.id,
      enteId: message.enteId,
      channel: message.channel,
      outcome: outcome.state === 'sent' ? 'sent' : 'failed',
      providerId: outcome.state === 'sent' ? outcome.providerId.slice(0, 200) : null,
      error: outcome.state === 'sent' ? null : outcome.error.slice(0, 2000),
    });
  });
}

/** Sends one claimed message and records the attempt: sent, retried after a backoff, or dead after the last attempt. */
async function deliverOne(db: Database, mailer: Mailer, message: OutboxMessage, maxAttempts: number): Promise<Settlement['state']> {
  let outcome: Settlement;
  try {
    const mail = await composeEmail(db, message);
    outcome = mail === 'cancelled' ? { state: 'cancelled' } : { state: 'sent', providerId: await mailer(mail) };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const final = error instanceof UndeliverableError || message.attempts >= maxAttempts;
    outcome = final
      ? { state: 'dead', error: text }
      : { state: 'failed', error: text, nextAttemptAt: new Date(Date.now() + retryDelayMs(message.attempts)) };
    logger.warn(
      { event: 'notification_failed', outboxId: message.id, enteId: message.enteId, attempt: message.attempts, final, err: text },
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
  let attempted = 0;
  for (let claimed = await claimDue(db, batch); claimed.length > 0 && !signal?.aborted; claimed = await claimDue(db, batch)) {
    for (const message of claimed) await deliverOne(db, mailer, message, maxAttempts);
    attempted += claimed.length;
  }
  return attempted;
}

/** Asks the job queue for a delivery run when messages are due: one live job at a time, whatever the instances. */
export async function scheduleDelivery(db: Database): Promise<void> {
  const [due] = await db.select({ id: notificationOutbox.id }).from(notificationOutbox).where(DUE).limit(1);
  if (due) await enqueue(db, NOTIFICATIONS_QUEUE, {}, { singletonKey: 'deliver', maxAttempts: 3 });
}
