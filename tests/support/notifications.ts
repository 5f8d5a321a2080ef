import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { notificationOutbox, type OutboxMessage } from '@/db/schema';

/** A position's outbox messages of one kind, by recipient. */
export const outboxOf = (db: Database, positionId: string, kind: OutboxMessage['kind']) =>
  db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.positionId, positionId), eq(notificationOutbox.kind, kind)))
    .orderBy(notificationOutbox.recipient);
