import { and, asc, desc, eq, gt, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, receipts, reportingFlows, reportingPayments, services, type ReportingFlow } from '@/db/schema';
import { decodeKeysetCursor, keysetPage } from '@/lib/pagination/keyset';
import { positionServiceTitle } from '@/lib/positions/service-title';
import { numericCursor, type ReconciliationExportFilters } from './filters';

/**
 * Whose reconciliation: one Ente, and for an operator limited to some services only the payments matched to
 * positions of theirs. A payment that matched nothing belongs to no service: only unrestricted staff see it.
 */
export interface ReconciliationScope {
  enteId: string;
  serviceIds: string[] | null;
}

/** The condition on the matched position's service (`p.service_id` in a subquery) that keeps a payment in the scope. */
function paymentScope(scope: ReconciliationScope, serviceId: SQL = sql`p.service_id`): SQL {
  if (!scope.serviceIds) return sql`true`;
  if (scope.serviceIds.length === 0) return sql`false`;
  return sql`${serviceId} in (${sql.join(
    scope.serviceIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

function flowAggregate(scope: ReconciliationScope, expression: SQL, filter?: SQL): SQL<number> {
  return sql<number>`(select ${expression} from ${reportingPayments} rp left join ${positions} p on p.id = rp.position_id and p.ente_id = rp.ente_id
    where rp.flow_row_id = ${reportingFlows}.id and rp.ente_id = ${scope.enteId} and ${paymentScope(scope)} ${filter ? sql`and ${filter}` : sql``})`.mapWith(
    Number,
  );
}

export interface FlowLine {
  id: string;
  flowId: string;
  pspId: string;
  pspName: string | null;
  revision: number;
  flowDate: Date;
  regulation: string;
  regulationDate: string;
  source: string;
  superseded: boolean;
  /** Payments and their sum, as far as the scope sees them. */
  payments: number;
  sumCents: number;
  matched: number;
  unmatched: number;
  mismatched: number;
}

function flowColumns(scope: ReconciliationScope) {
  return {
    id: reportingFlows.id,
    flowId: reportingFlows.flowId,
    pspId: reportingFlows.pspId,
    pspName: reportingFlows.pspName,
    revision: reportingFlows.revision,
    flowDate: reportingFlows.flowDate,
    regulation: reportingFlows.regulation,
    regulationDate: reportingFlows.regulationDate,
    source: reportingFlows.source,
    superseded: sql<boolean>`${reportingFlows.supersededAt} is not null`,
    payments: flowAggregate(scope, sql`count(*)::int`),
    sumCents: flowAggregate(scope, sql`coalesce(sum(rp.amount_cents), 0)::bigint`),
    matched: flowAggregate(scope, sql`count(*)::int`, sql`rp.matched_at is not null`),
    unmatched: flowAggregate(scope, sql`count(*)::int`, sql`rp.position_id is null`),
    mismatched: flowAggregate(scope, sql`count(*)::int`, sql`rp.position_id is not null and rp.matched_at is null`),
  };
}

/** A restricted operator sees a flow only when it carries at least one of their payments. */
function flowVisible(scope: ReconciliationScope): SQL | undefined {
  if (!scope.serviceIds) return undefined;
  return sql`exists (select 1 from ${reportingPayments} rp join ${positions} p on p.id = rp.position_id and p.ente_id = rp.ente_id
    where rp.flow_row_id = ${reportingFlows.id} and ${paymentScope(scope)})`;
}

/** The Ente's flows, newest first (flow date), by keyset pagination on (flow_date, id). */
export async function listFlows(
  db: Database,
  scope: ReconciliationScope,
  page: { after?: string; limit: number },
): Promise<{ lines: FlowLine[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(1, Math.trunc(page.limit) || 1), 200);
  const where: (SQL | undefined)[] = [eq(reportingFlows.enteId, scope.enteId), flowVisible(scope)];
  const cursor = decodeKeysetCursor(page.after);
  if (cursor) where.push(sql`(${reportingFlows.flowDate}, ${reportingFlows.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await db
    .select({ ...flowColumns(scope), cursorAt: sql<string>`${reportingFlows.flowDate}::text` })
    .from(reportingFlows)
    .where(and(...where))
    .orderBy(desc(reportingFlows.flowDate), desc(reportingFlows.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}

/** One flow of the Ente (undefined: another Ente's, or none of the operator's payments in it). */
export async function findFlow(
  db: Database,
  scope: ReconciliationScope,
  id: string,
): Promise<(FlowLine & Pick<ReportingFlow, 'bicCodePouringBank' | 'importedAt'>) | undefined> {
  const [row] = await db
    .select({ ...flowColumns(scope), bicCodePouringBank: reportingFlows.bicCodePouringBank, importedAt: reportingFlows.importedAt })
    .from(reportingFlows)
    .where(and(eq(reportingFlows.id, id), eq(reportingFlows.enteId, scope.enteId), flowVisible(scope)));
  return row;
}

/** A payment of a flow and what it matched: the line of the flow's page, of the anomalies and of the export. */
export interface PaymentLine {
  id: number;
  flowRowId: string;
  flowId: string;
  pspName: string | null;
  regulation: string;
  regulationDate: string;
  paymentIndex: number;
  iuv: string;
  iur: string;
  idTransfer: number;
  amountCents: number;
  outcome: string;
  payDate: string;
  positionId: string | null;
  noticeNumber: string | null;
  serviceTitle: string | null;
  debtorName: string | null;
  receiptRowId: string | null;
  receiptId: string | null;
  paymentDateTime: Date | null;
  matched: boolean;
}

const PAYMENT_COLUMNS = {
  id: reportingPayments.id,
  flowRowId: reportingPayments.flowRowId,
  flowId: reportingFlows.flowId,
  pspName: reportingFlows.pspName,
  regulation: reportingFlows.regulation,
  regulationDate: reportingFlows.regulationDate,
  paymentIndex: reportingPayments.paymentIndex,
  iuv: reportingPayments.iuv,
  iur: reportingPayments.iur,
  idTransfer: reportingPayments.idTransfer,
  amountCents: reportingPayments.amountCents,
  outcome: reportingPayments.outcome,
  payDate: reportingPayments.payDate,
  positionId: reportingPayments.positionId,
  noticeNumber: positions.noticeNumber,
  serviceTitle: positionServiceTitle,
  debtorName: positions.debtorName,
  receiptRowId: reportingPayments.receiptRowId,
  receiptId: receipts.receiptId,
  paymentDateTime: receipts.paymentDateTime,
  matched: sql<boolean>`${reportingPayments.matchedAt} is not null`,
};

/** Payments with their flow, position, service and receipt, scoped (the matched position's Ente is checked too). */
function paymentsQuery(db: Database, scope: ReconciliationScope, where: (SQL | undefined)[]) {
  const restricted = scope.serviceIds ? [paymentScope(scope, sql`${positions.serviceId}`)] : [];
  return db
    .select(PAYMENT_COLUMNS)
    .from(reportingPayments)
    .innerJoin(reportingFlows, and(eq(reportingFlows.id, reportingPayments.flowRowId), eq(reportingFlows.enteId, reportingPayments.enteId)))
    .leftJoin(positions, and(eq(positions.id, reportingPayments.positionId), eq(positions.enteId, reportingPayments.enteId)))
    .leftJoin(services, and(eq(services.id, positions.serviceId), eq(services.enteId, positions.enteId)))
    .leftJoin(receipts, and(eq(receipts.id, reportingPayments.receiptRowId), eq(receipts.enteId, reportingPayments.enteId)))
    .where(and(eq(reportingPayments.enteId, scope.enteId), ...restricted, ...where));
}

type Page<T> = { lines: T[]; nextCursor: string | null };

function numericPage<T extends { id: number }>(rows: T[], limit: number, key: (row: T) => number = (r) => r.id): Page<T> {
  const lines = rows.slice(0, limit);
  return { lines, nextCursor: rows.length > limit ? String(key(lines.at(-1)!)) : null };
}

/** A flow's payments in their order, a page at a time (cursor: the last payment index). */
export async function flowPayments(
  db: Database,
  scope: ReconciliationScope,
  flowRowId: string,
  page: { after?: string; limit: number },
): Promise<Page<PaymentLine>> {
  const limit = Math.min(Math.max(1, Math.trunc(page.limit) || 1), 1000);
  const after = numericCursor(page.after);
  const rows = await paymentsQuery(db, scope, [
    eq(reportingPayments.flowRowId, flowRowId),
    after === null ? undefined : gt(reportingPayments.paymentIndex, after),
  ])
    .orderBy(asc(reportingPayments.paymentIndex))
    .limit(limit + 1);
  return numericPage(rows, limit, (r) => r.paymentIndex);
}

/**
 * Reconciliation anomalies of current flows (not superseded), newest first by row id: payments that matched
 * no receipt of the Ente (`unmatched`, on the partial index of unmatched payments), or matched one with a
 * different amount (`mismatched`).
 */
export async function paymentAnomalies(
  db: Database,
  scope: ReconciliationScope,
  kind: 'unmatched' | 'mismatched',
  page: { after?: string; limit: number },
): Promise<Page<PaymentLine>> {
  const limit = Math.min(Math.max(1, Math.trunc(page.limit) || 1), 1000);
  const after = numericCursor(page.after);
  const rows = await paymentsQuery(db, scope, [
    kind === 'unmatched'
      ? isNull(reportingPayments.positionId)
      : and(isNotNull(reportingPayments.positionId), isNull(reportingPayments.matchedAt)),
    isNull(reportingFlows.supersededAt),
    after === null ? undefined : lt(reportingPayments.id, after),
  ])
    .orderBy(desc(reportingPayments.id))
    .limit(limit + 1);
  return numericPage(rows, limit);
}

export interface UnreportedLine {
  id: string;
  noticeNumber: string;
  iuv: string;
  debtorName: string | null;
  serviceTitle: string | null;
  amountCents: number;
  paidAt: Date;
}

/**
 * Positions paid more than `graceDays` ago and still in no flow (REPORTING_GRACE_DAYS), newest first, by
 * keyset pagination on (paid_at, id) over the index of paid, unreported positions.
 */
export async function unreportedPositions(
  db: Database,
  scope: ReconciliationScope,
  graceDays: number,
  page: { after?: string; limit: number; now?: Date },
): Promise<Page<UnreportedLine>> {
  const limit = Math.min(Math.max(1, Math.trunc(page.limit) || 1), 1000);
  const cutoff = new Date((page.now ?? new Date()).getTime() - graceDays * 86_400_000);
  const where: SQL[] = [
    eq(positions.enteId, scope.enteId),
    isNotNull(positions.paidAt),
    isNull(positions.reportedAt),
    lt(positions.paidAt, cutoff),
  ];
  if (scope.serviceIds) where.push(paymentScope(scope, sql`${positions.serviceId}`));
  const cursor = decodeKeysetCursor(page.after);
  if (cursor) where.push(sql`(${positions.paidAt}, ${positions.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await db
    .select({
      id: positions.id,
      noticeNumber: positions.noticeNumber,
      iuv: positions.iuv,
      debtorName: positions.debtorName,
      serviceTitle: positionServiceTitle,
      amountCents: positions.amountCents,
      paidAt: sql<Date>`${positions.paidAt}`.mapWith(positions.paidAt),
      cursorAt: sql<string>`${positions.paidAt}::text`,
    })
    .from(positions)
    .leftJoin(services, and(eq(services.id, positions.serviceId), eq(services.enteId, positions.enteId)))
    .where(and(...where))
    .orderBy(desc(positions.paidAt), desc(positions.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}

/**
 * Every payment the export selects (one flow, or current flows settled in a range of days), read a page at a
 * time by row id: an export never holds more than one page.
 */
export async function* eachExportLine(
  db: Database,
  scope: ReconciliationScope,
  filters: ReconciliationExportFilters,
  pageSize = 500,
): AsyncGenerator<PaymentLine> {
  const where: SQL[] = [];
  if (filters.flusso) where.push(eq(reportingPayments.flowRowId, filters.flusso));
  else where.push(isNull(reportingFlows.supersededAt));
  if (filters.dal) where.push(sql`${reportingFlows.regulationDate} >= ${filters.dal}::date`);
  if (filters.al) where.push(sql`${reportingFlows.regulationDate} <= ${filters.al}::date`);
  let after = 0;
  for (;;) {
    const rows = await paymentsQuery(db, scope, [...where, gt(reportingPayments.id, after)])
      .orderBy(asc(reportingPayments.id))
      .limit(pageSize);
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}
