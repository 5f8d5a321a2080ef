import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, enti, users } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { PLATFORM_ONLY, type AuditFilters } from './audit-filters';

/*
 * The CIT admins' audit viewer: newest first, by keyset pagination on (created_at, id), each filter served
 * by its index (audit_log_ente_created_idx, audit_log_actor_created_idx, audit_log_action_created_idx,
 * audit_log_created_idx).
 */

const ROME = 'Europe/Rome';

export interface AuditLine {
  id: number;
  createdAt: Date;
  enteName: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
}

export interface AuditPage {
  lines: AuditLine[];
  nextCursor: string | null;
}

// The cursor carries created_at as PostgreSQL prints it: a JavaScript Date would drop the microseconds.
const CURSOR = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2})\|(\d{1,18})$/;

function decodeCursor(after: string | undefined): { at: string; id: number } | null {
  if (!after || after.length > 200) return null;
  const match = CURSOR.exec(Buffer.from(after, 'base64url').toString('utf8'));
  return match ? { at: match[1]!, id: Number(match[2]) } : null;
}

/** The conditions of the filters; null when they name a user who does not exist (nothing can match). */
async function conditionsOf(db: Database, filters: AuditFilters): Promise<SQL[] | null> {
  const where: SQL[] = [];
  if (filters.ente === PLATFORM_ONLY) where.push(isNull(auditLog.enteId));
  else if (filters.ente) where.push(eq(auditLog.enteId, filters.ente));
  if (filters.utente) {
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(filters.utente.includes('@') ? eq(users.email, filters.utente) : eq(users.fiscalCode, filters.utente));
    if (!user) return null;
    where.push(eq(auditLog.actorUserId, user.id));
  }
  if (filters.azione) where.push(eq(auditLog.action, filters.azione));
  if (filters.dal) where.push(sql`${auditLog.createdAt} >= (${filters.dal}::date::timestamp at time zone ${ROME})`);
  if (filters.al) where.push(sql`${auditLog.createdAt} < ((${filters.al}::date + 1)::timestamp at time zone ${ROME})`);
  return where;
}

export async function searchAuditLog(db: Database, filters: AuditFilters, options: { after?: string; limit: number }): Promise<AuditPage> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit) || 1), 1000);
  const where = await conditionsOf(db, filters);
  if (!where) return { lines: [], nextCursor: null };
  const cursor = decodeCursor(options.after);
  if (cursor) where.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (${cursor.at}::timestamptz, ${cursor.id})`);
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      enteName: enti.name,
      actorName: users.fullName,
      actorEmail: users.email,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      ip: auditLog.ip,
      cursorAt: sql<string>`${auditLog.createdAt}::text`,
    })
    .from(auditLog)
    .leftJoin(enti, eq(enti.id, auditLog.enteId))
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  const lines = rows.slice(0, limit);
  const last = rows.length > limit ? lines.at(-1) : undefined;
  return {
    lines: lines.map(({ cursorAt: _cursor, ...line }) => line),
    nextCursor: last ? Buffer.from(`${last.cursorAt}|${last.id}`).toString('base64url') : null,
  };
}

/** Every line the filters select, read a page at a time (the CSV export). */
export async function* eachAuditLine(db: Database, filters: AuditFilters, pageSize = 500): AsyncGenerator<AuditLine> {
  let after: string | undefined;
  do {
    const page = await searchAuditLog(db, filters, { after, limit: pageSize });
    yield* page.lines;
    after = page.nextCursor ?? undefined;
  } while (after);
}

/** The distinct actions recorded, by a skip scan of audit_log_action_created_idx (one probe per action). */
export async function auditActions(db: Database): Promise<string[]> {
  const rows = rowsOf<{ action: string }>(
    await db.execute(sql`
      with recursive a(action) as (
        (select action from audit_log order by action limit 1)
        union all
        select (select action from audit_log where action > a.action order by action limit 1) from a where a.action is not null
      )
      select action from a where action is not null`),
  );
  return rows.map((r) => r.action);
}

/** The Enti for the filter's list, by name. */
export function auditEnti(db: Database): Promise<{ id: string; name: string }[]> {
  return db.select({ id: enti.id, name: enti.name }).from(enti).orderBy(enti.name);
}
