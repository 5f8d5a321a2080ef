import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { notificationOutbox, positions } from '@/db/schema';
import { decodeKeysetCursor, keysetPage } from '@/lib/pagination/keyset';
import { positionsInScope, type StaffScope } from '@/lib/positions/staff-scope';

const messageColumns = {
  id: notificationOutbox.id,
  kind: notificationOutbox.kind,
  channel: notificationOutbox.channel,
  recipient: notificationOutbox.recipient,
  state: notificationOutbox.state,
  providerId: notificationOutbox.providerId,
  attempts: notificationOutbox.attempts,
  nextAttemptAt: notificationOutbox.nextAttemptAt,
  lastError: notificationOutbox.lastError,
  sentAt: notificationOutbox.sentAt,
  createdAt: notificationOutbox.createdAt,
};

/** The messages of one of the Ente's positions, oldest first (the caller has checked the position is in the staff's scope). */
export function listPositionMessages(db: Database, enteId: string, positionId: string) {
  return db
    .select(messageColumns)
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.enteId, enteId), eq(notificationOutbox.positionId, positionId)))
    .orderBy(notificationOutbox.createdAt, notificationOutbox.id);
}
export type PositionMessage = Awaited<ReturnType<typeof listPositionMessages>>[number];

/** A message waiting for another attempt or given up, of a position this member of staff may see. */
const problemsInScope = (enteId: string, scope: StaffScope) =>
  and(
    eq(notificationOutbox.enteId, enteId),
    inArray(notificationOutbox.state, ['failed', 'dead']),
    inArray(notificationOutbox.positionId, scopedPositionIds(enteId, scope)),
  );

function scopedPositionIds(enteId: string, scope: StaffScope) {
  return sql`(select ${positions.id} from ${positions} where ${positionsInScope(enteId, scope)})`;
}

/** The Ente's failed and dead messages, most recently changed first, a keyset page at a time. */
export async function listFailedMessages(db: Database, enteId: string, scope: StaffScope, page: { after?: string; limit: number }) {
  const limit = Math.min(Math.max(1, Math.trunc(page.limit) || 1), 200);
  const cursor = decodeKeysetCursor(page.after);
  const rows = await db
    .select({
      ...messageColumns,
      positionId: positions.id,
      noticeNumber: positions.noticeNumber,
      cursorAt: sql<string>`${notificationOutbox.updatedAt}::text`,
    })
    .from(notificationOutbox)
    .innerJoin(positions, and(eq(positions.id, notificationOutbox.positionId), eq(positions.enteId, notificationOutbox.enteId)))
    .where(
      and(
        problemsInScope(enteId, scope),
        cursor
          ? sql`(${notificationOutbox.updatedAt}, ${notificationOutbox.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(notificationOutbox.updatedAt), desc(notificationOutbox.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}

/**
 * Gives a failed or dead message a fresh round of attempts, now. False when it is not one of the staff's
 * (another Ente's, out of scope, unknown) or not failed: a sent message is never sent again. An App IO
 * message that IO rejected is submitted anew, as a new IO message.
 */
export async function retryMessage(db: Database, enteId: string, scope: StaffScope, id: string): Promise<boolean> {
  const retried = await db
    .update(notificationOutbox)
    .set({
      state: 'pending',
      attempts: 0,
      nextAttemptAt: sql`now()`,
      lockedUntil: null,
      providerId: null,
      sentAt: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(notificationOutbox.id, id), problemsInScope(enteId, scope)))
    .returning({ id: notificationOutbox.id });
  return retried.length > 0;
}
