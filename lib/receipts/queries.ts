import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { anomalies, positions, receipts, services, type Position, type Receipt } from '@/db/schema';
import { positionServiceTitle } from '@/lib/positions/service-title';
import type { ReceiptFilters } from './filters';

/** Whose receipts: one Ente, and for an operator limited to some services only theirs (null: all). */
export interface ReceiptScope {
  enteId: string;
  serviceIds: string[] | null;
}

/** One line of the list and of the exports. */
export interface ReceiptLine {
  id: string;
  receiptId: string;
  noticeNumber: string;
  iuv: string;
  debtorName: string | null;
  debtorFiscalCode: string | null;
  payerName: string | null;
  payerFiscalCode: string | null;
  serviceTitle: string | null;
  taxonomyCode: string | null;
  amountCents: number;
  feeCents: number | null;
  pspName: string;
  pspFiscalCode: string | null;
  pspVatNumber: string | null;
  paymentDateTime: Date;
  externalId: string | null;
  /** How many beneficiaries share the payment (1 to 5). */
  transferCount: number;
  /** Why the receipt paid nothing (a second payment, a wrong amount, an unknown notice); null when it paid its position. */
  anomaly: Receipt['anomaly'];
}

export interface ReceiptPage {
  lines: ReceiptLine[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Dates are days in Italy: a range includes the whole of both days, Italian time. */
const ROME = 'Europe/Rome';

/** The WHERE of every receipts query of the back office: the Ente, the operator's services, the filters. */
function conditions(scope: ReceiptScope, filters: ReceiptFilters): SQL[] {
  const where: SQL[] = [eq(receipts.enteId, scope.enteId)];
  // An operator limited to no service sees nothing; a receipt of a position without a service is not theirs.
  if (scope.serviceIds) where.push(scope.serviceIds.length > 0 ? inArray(positions.serviceId, scope.serviceIds) : sql`false`);
  if (filters.dal) where.push(sql`${receipts.paymentDateTime} >= (${filters.dal}::date)::timestamp at time zone ${ROME}`);
  if (filters.al) where.push(sql`${receipts.paymentDateTime} < (${filters.al}::date + 1)::timestamp at time zone ${ROME}`);
  if (filters.avviso) where.push(eq(receipts.noticeNumber, filters.avviso));
  if (filters.iuv) where.push(eq(receipts.creditorReferenceId, filters.iuv));
  if (filters.ricevuta) where.push(eq(receipts.receiptId, filters.ricevuta));
  if (filters.cf) {
    where.push(or(sql`${receipts.debtor}->>'fiscalCode' = ${filters.cf}`, sql`${receipts.payer}->>'fiscalCode' = ${filters.cf}`)!);
  }
  if (filters.servizio) where.push(eq(positions.serviceId, filters.servizio));
  return where;
}

// The cursor carries payment_date_time as PostgreSQL prints it: a JavaScript Date would drop the microseconds.
const CURSOR = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2})\|([0-9a-f-]{36})$/;

function decodeCursor(after: string | undefined): { at: string; id: string } | null {
  if (!after || after.length > 200) return null;
  const match = CURSOR.exec(Buffer.from(after, 'base64url').toString('utf8'));
  return match ? { at: match[1]!, id: match[2]! } : null;
}

const LINE_COLUMNS = {
  id: receipts.id,
  receiptId: receipts.receiptId,
  noticeNumber: receipts.noticeNumber,
  iuv: receipts.creditorReferenceId,
  debtorName: sql<string | null>`${receipts.debtor}->>'fullName'`,
  debtorFiscalCode: sql<string | null>`${receipts.debtor}->>'fiscalCode'`,
  payerName: sql<string | null>`${receipts.payer}->>'fullName'`,
  payerFiscalCode: sql<string | null>`${receipts.payer}->>'fiscalCode'`,
  serviceTitle: positionServiceTitle,
  // The position keeps the taxonomy it was created with; the receipt's first transfer says it otherwise.
  taxonomyCode: sql<string | null>`coalesce(${positions.taxonomyCode}, ${receipts.transfers}->0->>'transferCategory')`,
  amountCents: receipts.amountCents,
  feeCents: receipts.feeCents,
  pspName: receipts.pspName,
  pspFiscalCode: receipts.pspFiscalCode,
  pspVatNumber: receipts.pspVatNumber,
  paymentDateTime: receipts.paymentDateTime,
  externalId: positions.externalId,
  transferCount: sql<number>`jsonb_array_length(${receipts.transfers})::int`,
  anomaly: receipts.anomaly,
  cursorAt: sql<string>`${receipts.paymentDateTime}::text`,
};

/**
 * Receipts newest payment first, by keyset pagination on (payment_date_time, id), flagged ones included
 * (money was collected): a receipt of a notice the Ente does not know has no position, and only staff
 * not limited to some services see it. A cursor that does not decode starts from the first page.
 */
export async function searchReceipts(
  db: Database,
  scope: ReceiptScope,
  filters: ReceiptFilters,
  page: { after?: string; limit: number },
): Promise<ReceiptPage> {
  const limit = Math.min(Math.max(1, Math.trunc(page.limit) || 1), 1000);
  const cursor = decodeCursor(page.after);
  const where = conditions(scope, filters);
  if (cursor) where.push(sql`(${receipts.paymentDateTime}, ${receipts.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await db
    .select(LINE_COLUMNS)
    .from(receipts)
    .leftJoin(positions, and(eq(positions.id, receipts.positionId), eq(positions.enteId, receipts.enteId)))
    .leftJoin(services, and(eq(services.id, positions.serviceId), eq(services.enteId, positions.enteId)))
    .where(and(...where))
    .orderBy(desc(receipts.paymentDateTime), desc(receipts.id))
    .limit(limit + 1);
  const lines = rows.slice(0, limit);
  const last = rows.length > limit ? lines.at(-1) : undefined;
  return {
    lines: lines.map(({ cursorAt: _cursor, ...line }) => line),
    nextCursor: last ? Buffer.from(`${last.cursorAt}|${last.id}`).toString('base64url') : null,
  };
}

/** Every matching receipt, newest first, read a page at a time: an export never holds more than one page. */
export async function* eachReceiptLine(
  db: Database,
  scope: ReceiptScope,
  filters: ReceiptFilters,
  pageSize = 500,
): AsyncGenerator<ReceiptLine> {
  let after: string | undefined;
  do {
    const page = await searchReceipts(db, scope, filters, { after, limit: pageSize });
    yield* page.lines;
    after = page.nextCursor ?? undefined;
  } while (after);
}

export interface ReceiptDetail {
  receipt: Receipt;
  /** Null for a receipt of a notice the Ente does not know. */
  position: Position | null;
  serviceTitle: string | null;
  /** The anomaly a flagged receipt left for staff. */
  anomalyId: string | null;
}

/** One receipt of the Ente with its position; undefined when it is another Ente's or outside the operator's services. */
export async function findReceiptForStaff(db: Database, scope: ReceiptScope, id: string): Promise<ReceiptDetail | undefined> {
  const [row] = await db
    .select({ receipt: receipts, position: positions, serviceTitle: positionServiceTitle, anomalyId: anomalies.id })
    .from(receipts)
    .leftJoin(positions, and(eq(positions.id, receipts.positionId), eq(positions.enteId, receipts.enteId)))
    .leftJoin(services, and(eq(services.id, positions.serviceId), eq(services.enteId, positions.enteId)))
    .leftJoin(anomalies, and(eq(anomalies.receiptRowId, receipts.id), eq(anomalies.enteId, receipts.enteId)))
    .where(and(eq(receipts.id, id), ...conditions(scope, {})));
  return row;
}

/** The services an operator may filter by: the Ente's, or only those they are limited to. */
export async function servicesInScope(db: Database, scope: ReceiptScope): Promise<{ id: string; title: string }[]> {
  const where = [eq(services.enteId, scope.enteId)];
  if (scope.serviceIds) where.push(scope.serviceIds.length > 0 ? inArray(services.id, scope.serviceIds) : sql`false`);
  return db
    .select({ id: services.id, title: services.title })
    .from(services)
    .where(and(...where))
    .orderBy(services.title);
}
