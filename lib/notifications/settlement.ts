import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { notificationAttempts, notificationOutbox, type OutboxMessage } from '@/db/schema';

/** What became of a claimed message, whatever its channel. */
export type Settlement =
  | { state: 'sent'; providerId: string }
  | { state: 'cancelled' }
  /** The citizen cannot get it on this channel: final, and not a failure for staff to handle. */
  | { state: 'unreachable'; reason: string }
  | { state: 'failed' | 'dead'; error: string; nextAttemptAt?: Date }
  /**
   * App IO took it (IO's id in `providerId`) and has not said yet how it went: it stays pending and is looked
   * at again at `nextAttemptAt`; `note` says why the last look told nothing.
   */
  | { state: 'accepted'; providerId: string; nextAttemptAt: Date; note?: string }
  /** Not attempted (the channel asked us to wait): the attempt the claim counted is given back. */
  | { state: 'deferred'; nextAttemptAt: Date };

const CANCELLED = 'posizione pagata o annullata: messaggio non più necessario';

/** The outbox columns an outcome sets. */
function columnsOf(outcome: Settlement) {
  const common = { lockedUntil: null, updatedAt: sql`now()` };
  switch (outcome.state) {
    case 'sent':
      // An App IO message counts as sent from when IO accepted it; an e-mail from now.
      return {
        ...common,
        state: 'sent' as const,
        providerId: outcome.providerId.slice(0, 200),
        sentAt: sql`coalesce(${notificationOutbox.sentAt}, now())`,
        lastError: null,
      };
    case 'cancelled':
      return { ...common, state: 'cancelled' as const, lastError: CANCELLED };
    case 'unreachable':
      return { ...common, state: 'unreachable' as const, lastError: outcome.reason.slice(0, 2000) };
    case 'failed':
    case 'dead':
      return {
        ...common,
        state: outcome.state,
        lastError: outcome.error.slice(0, 2000),
        nextAttemptAt: outcome.nextAttemptAt ?? sql`now()`,
      };
    case 'accepted':
      return {
        ...common,
        state: 'pending' as const,
        providerId: outcome.providerId.slice(0, 200),
        sentAt: sql`coalesce(${notificationOutbox.sentAt}, now())`,
        nextAttemptAt: outcome.nextAttemptAt,
        lastError: outcome.note?.slice(0, 2000) ?? null,
      };
    case 'deferred':
      return { ...common, attempts: sql`${notificationOutbox.attempts} - 1`, nextAttemptAt: outcome.nextAttemptAt };
  }
}

/** The attempt an outcome records: none for what was not an attempt to deliver (a cancellation, a deferral, a later look at IO). */
function attemptOf(message: OutboxMessage, outcome: Settlement) {
  switch (outcome.state) {
    case 'sent':
      return { outcome: 'sent', providerId: outcome.providerId.slice(0, 200), error: null };
    case 'unreachable':
      return { outcome: 'unreachable', providerId: null, error: outcome.reason.slice(0, 2000) };
    case 'failed':
    case 'dead':
      return { outcome: 'failed', providerId: message.providerId, error: outcome.error.slice(0, 2000) };
    case 'accepted':
      return message.providerId === null ? { outcome: 'accepted', providerId: outcome.providerId.slice(0, 200), error: null } : null;
    case 'cancelled':
    case 'deferred':
      return null;
  }
}

/** Records the outcome on the message, and the attempt in `notification_attempts`, in one transaction. */
export async function settle(db: Database, message: OutboxMessage, outcome: Settlement): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(notificationOutbox)
      .set(columnsOf(outcome))
      .where(and(eq(notificationOutbox.id, message.id), eq(notificationOutbox.enteId, message.enteId)));
    const attempt = attemptOf(message, outcome);
    if (attempt)
      await tx.insert(notificationAttempts).values({ outboxId: message.id, enteId: message.enteId, channel: message.channel, ...attempt });
  });
}
