import { and, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { anomalies, auditLog, positions, refunds, services, users, type Refund } from '@/db/schema';
import { positionServiceTitle } from '@/lib/positions/service-title';
import type { AnomalyState } from './schemas';

/** Whose anomalies: one Ente, and for an operator limited to some services only those of their positions. */
export interface AnomalyScope {
  enteId: string;
  serviceIds: string[] | null;
}

export interface AnomalyLine {
  id: string;
  kind: 'unknown_notice' | 'amount_mismatch' | 'not_payable';
  noticeNumber: string | null;
  receiptId: string | null;
  amountCents: number | null;
  expectedAmountCents: number | null;
  createdAt: Date;
  positionId: string | null;
  serviceTitle: string | null;
  resolvedAt: Date | null;
  resolvedByName: string | null;
  resolutionNote: string | null;
  /** The flagged receipt in the chain (null for anomalies kept before every receipt was chained). */
  receiptRowId: string | null;
}

/** A refund as the anomaly's page shows it. */
export interface RefundView {
  method: Refund['method'];
  reference: string;
  amountCents: number;
  refundedOn: string;
  note: string | null;
  recordedAt: Date;
  recordedByName: string | null;
}

export interface AnomalyDetail extends AnomalyLine {
  refund: RefundView | null;
}

export interface AnomalyPage {
  lines: AnomalyLine[];
  nextCursor: string | null;
}

/**
 * An anomaly names a notice, not a service: an operator limited to some services sees those whose notice
 * is a position of one of them. An unknown notice belongs to no service, so only unrestricted staff see it.
 */
export function scopeConditions(scope: AnomalyScope): SQL[] {
  const where: SQL[] = [eq(anomalies.enteId, scope.enteId)];
  if (scope.serviceIds) where.push(scope.serviceIds.length > 0 ? inArray(positions.serviceId, scope.serviceIds) : sql`false`);
  return where;
}

export const positionOfAnomaly = and(eq(positions.enteId, anomalies.enteId), eq(positions.noticeNumber, anomalies.noticeNumber));

const CURSOR = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2})\|([0-9a-f-]{36})$/;

function decodeCursor(after: string | undefined): { at: string; id: string } | null {
  if (!after || after.length > 200) return null;
  const match = CURSOR.exec(Buffer.from(after, 'base64url').toString('utf8'));
  return match ? { at: match[1]!, id: match[2]! } : null;
}

const LINE_COLUMNS = {
  id: anomalies.id,
  kind: anomalies.kind,
  noticeNumber: anomalies.noticeNumber,
  receiptId: anomalies.receiptId,
  amountCents: anomalies.amountCents,
  expectedAmountCents: anomalies.expectedAmountCents,
  createdAt: anomalies.createdAt,
  positionId: positions.id,
  serviceTitle: positionServiceTitle,
  resolvedAt: anomalies.resolvedAt,
  resolvedByName: users.fullName,
  resolutionNote: anomalies.resolutionNote,
  receiptRowId: anomalies.receiptRowId,
  // The keyset cursor, as PostgreSQL prints it (a Date would lose the microseconds).
  cursorAt: sql<string>`${anomalies.createdAt}::text`,
};

/** Anomalies with their position (by notice), its service and who resolved them: the caller adds the WHERE. */
function selectLines(db: Database) {
  return db
    .select(LINE_COLUMNS)
    .from(anomalies)
    .leftJoin(positions, positionOfAnomaly)
    .leftJoin(services, and(eq(services.id, positions.serviceId), eq(services.enteId, positions.enteId)))
    .leftJoin(users, eq(users.id, anomalies.resolvedBy));
}

/** The Ente's anomalies, open or resolved, newest first, by keyset pagination on (created_at, id). */
export async function listAnomalies(
  db: Database,
  scope: AnomalyScope,
  options: { state: AnomalyState; after?: string; limit: number },
): Promise<AnomalyPage> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit) || 1), 200);
  const where = scopeConditions(scope);
  where.push(options.state === 'aperte' ? isNull(anomalies.resolvedAt) : isNotNull(anomalies.resolvedAt));
  const cursor = decodeCursor(options.after);
  if (cursor) where.push(sql`(${anomalies.createdAt}, ${anomalies.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await selectLines(db)
    .where(and(...where))
    .orderBy(desc(anomalies.createdAt), desc(anomalies.id))
    .limit(limit + 1);
  const lines = rows.slice(0, limit);
  const last = rows.length > limit ? lines.at(-1) : undefined;
  return {
    lines: lines.map(({ cursorAt: _cursor, ...line }) => line),
    nextCursor: last ? Buffer.from(`${last.cursorAt}|${last.id}`).toString('base64url') : null,
  };
}

/** One anomaly of the scope with its refund, if any; undefined when it is another Ente's or outside the operator's services. */
export async function findAnomaly(db: Database, scope: AnomalyScope, id: string): Promise<AnomalyDetail | undefined> {
  const [found] = await selectLines(db).where(and(eq(anomalies.id, id), ...scopeConditions(scope)));
  if (!found) return undefined;
  const { cursorAt: _cursor, ...line } = found;
  const [refund] = await db
    .select({
      method: refunds.method,
      reference: refunds.reference,
      amountCents: refunds.amountCents,
      refundedOn: refunds.refundedOn,
      note: refunds.note,
      recordedAt: refunds.createdAt,
      recordedByName: users.fullName,
    })
    .from(refunds)
    .leftJoin(users, eq(users.id, refunds.recordedBy))
    .where(and(eq(refunds.enteId, scope.enteId), eq(refunds.anomalyId, id)));
  return { ...line, refund: refund ?? null };
}

export type ResolveOutcome = 'resolved' | 'already_resolved' | 'not_found';

/**
 * Marks an anomaly resolved with the note of what was done, and audits it. Resolving twice (a double
 * click, two clerks at once) changes nothing the second time: the first note and author stay.
 */
export async function resolveAnomaly(
  db: Database,
  scope: AnomalyScope,
  input: { id: string; note: string; actorUserId: string; address: string },
): Promise<ResolveOutcome> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ id: anomalies.id, kind: anomalies.kind, resolvedAt: anomalies.resolvedAt })
      .from(anomalies)
      .leftJoin(positions, positionOfAnomaly)
      .where(and(eq(anomalies.id, input.id), ...scopeConditions(scope)));
    if (!found) return 'not_found';
    const [updated] = await tx
      .update(anomalies)
      .set({ resolvedAt: new Date(), resolvedBy: input.actorUserId, resolutionNote: input.note })
      .where(and(eq(anomalies.id, input.id), eq(anomalies.enteId, scope.enteId), isNull(anomalies.resolvedAt)))
      .returning({ id: anomalies.id });
    if (!updated) return 'already_resolved';
    await tx.insert(auditLog).values({
      enteId: scope.enteId,
      actorUserId: input.actorUserId,
      action: 'anomalia_risolta',
      targetType: 'anomalia',
      targetId: input.id,
      details: { kind: found.kind, note: input.note },
      ip: input.address.slice(0, 45),
    });
    return 'resolved';
  });
}
