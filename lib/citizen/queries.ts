import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, positions, receipts, services, type Ente, type Position } from '@/db/schema';
import { positionServiceTitle } from '@/lib/positions/service-title';

/*
 * «I miei pagamenti»: what one person (by codice fiscale) owes and has paid. Every query takes the
 * fiscal code from the session, never from the client, and the Ente's id whenever the page is an Ente's.
 * Codici fiscali are stored upper-case (lib/catalogue/service-form.ts), as SPID and CIE give them.
 */

/** A position the person can pay now. */
export interface OwedPosition {
  id: string;
  noticeNumber: string;
  causale: string;
  amountCents: number;
  dueDate: string | null;
  serviceTitle: string | null;
}

export interface EnteOwed {
  ente: Pick<Ente, 'id' | 'slug' | 'name'>;
  positions: OwedPosition[];
}

const owedColumns = {
  id: positions.id,
  noticeNumber: positions.noticeNumber,
  causale: positions.causale,
  amountCents: positions.amountCents,
  dueDate: positions.dueDate,
  serviceTitle: positionServiceTitle,
};

// Newest due date first; positions without one (paid when the citizen chooses) after them.
const owedOrder = [sql`${positions.dueDate} desc nulls last`, desc(positions.createdAt), asc(positions.id)];

function owedBy(fiscalCode: string): SQL {
  return and(eq(positions.debtorFiscalCode, fiscalCode.toUpperCase()), eq(positions.status, 'valid'))!;
}

/** Positions of one Ente owed by this fiscal code (uses positions_ente_debtor_idx). */
export async function findOwedPositions(db: Database, enteId: string, fiscalCode: string): Promise<OwedPosition[]> {
  return db
    .select(owedColumns)
    .from(positions)
    .leftJoin(services, and(eq(services.id, positions.serviceId), eq(services.enteId, positions.enteId)))
    .where(and(eq(positions.enteId, enteId), owedBy(fiscalCode)))
    .orderBy(...owedOrder);
}

/** Positions owed to every active Ente, grouped by Ente in name order (uses positions_debtor_created_idx). */
export async function findOwedAcrossEnti(db: Database, fiscalCode: string): Promise<EnteOwed[]> {
  const rows = await db
    .select({ ...owedColumns, enteId: enti.id, enteSlug: enti.slug, enteName: enti.name })
    .from(positions)
    .innerJoin(enti, eq(enti.id, positions.enteId))
    .leftJoin(services, and(eq(services.id, positions.serviceId), eq(services.enteId, positions.enteId)))
    .where(and(owedBy(fiscalCode), eq(enti.adhesionStatus, 'attivo')))
    .orderBy(asc(enti.name), asc(enti.id), ...owedOrder);
  const groups: EnteOwed[] = [];
  for (const { enteId, enteSlug, enteName, ...position } of rows) {
    const last = groups.at(-1);
    if (last?.ente.id === enteId) last.positions.push(position);
    else groups.push({ ente: { id: enteId, slug: enteSlug, name: enteName }, positions: [position] });
  }
  return groups;
}

/**
 * The payable positions among `ids` that belong to this Ente and this fiscal code. The ids come from a
 * browser: anything else (another person's, another Ente's, paid, cancelled, made up) is simply absent.
 */
export async function findOwnPayablePositions(
  db: Database,
  enteId: string,
  fiscalCode: string,
  ids: readonly string[],
): Promise<Position[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(positions)
    .where(and(eq(positions.enteId, enteId), owedBy(fiscalCode), inArray(positions.id, [...ids])));
}

/** A payment made: one receipt, with the Ente it was paid to. */
export interface PaymentMade {
  receiptId: string;
  ente: Pick<Ente, 'id' | 'slug' | 'name'>;
  noticeNumber: string;
  causale: string;
  amountCents: number;
  paidAt: Date;
}

export interface PaymentsPage {
  items: PaymentMade[];
  /** The cursor of the next (older) page: the last receipt shown. */
  nextCursor?: string;
}

export const PAYMENTS_PAGE_SIZE = 10;

/**
 * Receipts of positions whose debtor is this fiscal code, or whose receipt names it as payer, newest
 * payment first. Keyset pagination: the cursor is the id of the last receipt of the previous page, and
 * its (payment time, id) is read back from the database, so no timestamp makes a round trip through
 * JavaScript (which would lose PostgreSQL's microseconds). A cursor outside the person's scope only
 * yields an empty or shorter page: the scope is applied to the rows, not to the cursor.
 */
export async function findPaymentsMade(
  db: Database,
  scope: { fiscalCode: string; enteId?: string },
  cursor?: string,
  pageSize = PAYMENTS_PAGE_SIZE,
): Promise<PaymentsPage> {
  const fiscalCode = scope.fiscalCode.toUpperCase();
  const inEnte = (column: typeof positions.enteId | typeof receipts.enteId) => (scope.enteId ? eq(column, scope.enteId) : undefined);
  // Two indexed ways in, kept apart so that each can use its index: as debtor (the positions' debtor
  // indexes, then receipts_position_id_idx) and as payer (receipts_payer_fiscal_code_idx).
  const asDebtor = db
    .select({ id: receipts.id })
    .from(receipts)
    .innerJoin(positions, eq(positions.id, receipts.positionId))
    .where(and(eq(positions.debtorFiscalCode, fiscalCode), inEnte(positions.enteId)));
  const asPayer = db
    .select({ id: receipts.id })
    .from(receipts)
    .where(and(sql`${receipts.payer}->>'fiscalCode' = ${fiscalCode}`, inEnte(receipts.enteId)));
  const after = cursor
    ? sql`(${receipts.paymentDateTime}, ${receipts.id}) < (select c.payment_date_time, c.id from receipts c where c.id = ${cursor})`
    : undefined;
  const rows = await db
    .select({
      receiptId: receipts.id,
      enteId: enti.id,
      enteSlug: enti.slug,
      enteName: enti.name,
      noticeNumber: receipts.noticeNumber,
      causale: positions.causale,
      amountCents: receipts.amountCents,
      paidAt: receipts.paymentDateTime,
    })
    .from(receipts)
    .innerJoin(positions, eq(positions.id, receipts.positionId))
    .innerJoin(enti, eq(enti.id, receipts.enteId))
    .where(
      and(
        inArray(receipts.id, asDebtor.union(asPayer)),
        // A flagged receipt (paid twice, wrong amount) paid nothing: the Ente's staff handle it and its refund.
        isNull(receipts.anomaly),
        inEnte(receipts.enteId),
        eq(enti.adhesionStatus, 'attivo'),
        after,
      ),
    )
    .orderBy(desc(receipts.paymentDateTime), desc(receipts.id))
    .limit(pageSize + 1);
  const items = rows.slice(0, pageSize).map(({ enteId, enteSlug, enteName, ...rest }) => ({
    ...rest,
    ente: { id: enteId, slug: enteSlug, name: enteName },
  }));
  return { items, nextCursor: rows.length > pageSize ? items.at(-1)!.receiptId : undefined };
}
