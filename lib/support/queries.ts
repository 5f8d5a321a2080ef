import { aliasedTable, and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, supportAttachments, supportMessages, supportRequests, users } from '@/db/schema';
import { decodeKeysetCursor, keysetPage } from '@/lib/pagination/keyset';
import type { CitFilters } from './schemas';
import type { SupportScope } from './requests';

export const SUPPORT_PAGE_SIZE = 50;

const assignee = aliasedTable(users, 'assignee');

/**
 * Requests by last update, newest first, keyset-paginated on (updated_at, id). An Ente's staff see their
 * Ente's only; the CIT sees all, filtered by state, Ente, category and assignee (`me` is the CIT user asking).
 */
export async function listSupportRequests(
  db: Database,
  scope: SupportScope,
  filters: Omit<CitFilters, 'dopo'> & { after?: string; me?: string },
  limit = SUPPORT_PAGE_SIZE,
) {
  const where: SQL[] = [];
  if (scope.kind === 'ente') where.push(eq(supportRequests.enteId, scope.enteId));
  if (filters.stato) where.push(eq(supportRequests.status, filters.stato));
  if (filters.categoria) where.push(eq(supportRequests.category, filters.categoria));
  if (filters.ente) where.push(eq(supportRequests.enteId, filters.ente));
  if (filters.assegnate === 'nessuno') where.push(isNull(supportRequests.assignedTo));
  if (filters.assegnate === 'mie' && filters.me) where.push(eq(supportRequests.assignedTo, filters.me));
  const cursor = decodeKeysetCursor(filters.after);
  if (cursor) where.push(sql`(${supportRequests.updatedAt}, ${supportRequests.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await db
    .select({
      id: supportRequests.id,
      number: supportRequests.number,
      subject: supportRequests.subject,
      category: supportRequests.category,
      status: supportRequests.status,
      updatedAt: supportRequests.updatedAt,
      enteName: enti.name,
      assigneeName: assignee.fullName,
      cursorAt: sql<string>`${supportRequests.updatedAt}::text`,
    })
    .from(supportRequests)
    .innerJoin(enti, eq(enti.id, supportRequests.enteId))
    .leftJoin(assignee, eq(assignee.id, supportRequests.assignedTo))
    .where(and(...where))
    .orderBy(desc(supportRequests.updatedAt), desc(supportRequests.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}

export type SupportRequestLine = Awaited<ReturnType<typeof listSupportRequests>>['lines'][number];

/** One request with its thread, oldest message first, and each message's attachments (without their bytes). */
export async function findSupportThread(db: Database, scope: SupportScope, id: string) {
  const opener = aliasedTable(users, 'opener');
  const [request] = await db
    .select({
      id: supportRequests.id,
      number: supportRequests.number,
      enteId: supportRequests.enteId,
      enteName: enti.name,
      subject: supportRequests.subject,
      category: supportRequests.category,
      status: supportRequests.status,
      assignedTo: supportRequests.assignedTo,
      assigneeName: assignee.fullName,
      openedByName: opener.fullName,
      createdAt: supportRequests.createdAt,
      updatedAt: supportRequests.updatedAt,
      closedAt: supportRequests.closedAt,
    })
    .from(supportRequests)
    .innerJoin(enti, eq(enti.id, supportRequests.enteId))
    .leftJoin(assignee, eq(assignee.id, supportRequests.assignedTo))
    .leftJoin(opener, eq(opener.id, supportRequests.openedBy))
    .where(scope.kind === 'ente' ? and(eq(supportRequests.id, id), eq(supportRequests.enteId, scope.enteId)) : eq(supportRequests.id, id));
  if (!request) return undefined;
  const messages = await db
    .select({
      id: supportMessages.id,
      fromCit: supportMessages.fromCit,
      body: supportMessages.body,
      createdAt: supportMessages.createdAt,
      authorName: users.fullName,
    })
    .from(supportMessages)
    .leftJoin(users, eq(users.id, supportMessages.authorUserId))
    .where(eq(supportMessages.requestId, id))
    .orderBy(asc(supportMessages.createdAt), asc(supportMessages.id));
  const files = await db
    .select({
      id: supportAttachments.id,
      messageId: supportAttachments.messageId,
      filename: supportAttachments.filename,
      mime: supportAttachments.mime,
      size: supportAttachments.size,
    })
    .from(supportAttachments)
    .where(eq(supportAttachments.requestId, id))
    .orderBy(asc(supportAttachments.createdAt), asc(supportAttachments.filename));
  return { request, messages: messages.map((m) => ({ ...m, attachments: files.filter((f) => f.messageId === m.id) })) };
}

export type SupportThread = NonNullable<Awaited<ReturnType<typeof findSupportThread>>>;

/** An attachment of a request in the scope, with its bytes; undefined when either is not there. */
export async function findSupportAttachment(db: Database, scope: SupportScope, requestId: string, attachmentId: string) {
  const [found] = await db
    .select({ filename: supportAttachments.filename, mime: supportAttachments.mime, data: supportAttachments.data })
    .from(supportAttachments)
    .innerJoin(supportRequests, eq(supportRequests.id, supportAttachments.requestId))
    .where(
      and(
        eq(supportAttachments.id, attachmentId),
        eq(supportAttachments.requestId, requestId),
        ...(scope.kind === 'ente' ? [eq(supportRequests.enteId, scope.enteId)] : []),
      ),
    );
  return found;
}

/** Who a request can be assigned to: the active CIT staff. */
export async function listCitAssignees(db: Database) {
  return db
    .select({ id: users.id, fullName: users.fullName })
    .from(users)
    .where(and(isNotNull(users.platformRole), isNull(users.disabledAt)))
    .orderBy(asc(users.fullName));
}

/** The Enti that have opened requests, for the CIT's filter. */
export async function listEntiWithRequests(db: Database) {
  return db
    .selectDistinct({ id: enti.id, name: enti.name })
    .from(enti)
    .innerJoin(supportRequests, eq(supportRequests.enteId, enti.id))
    .orderBy(asc(enti.name));
}
