import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, services } from '@/db/schema';
import { positionServiceTitle } from './service-title';
import { decodeCursor, encodeCursor, type PositionCursor, type PositionFilters } from './staff-filters';
import { positionsInScope, type StaffScope } from './staff-scope';

export const PAGE_SIZE = 50;

export interface PositionRow {
  id: string;
  noticeNumber: string;
  externalId: string | null;
  debtorFiscalCode: string | null;
  debtorName: string | null;
  causale: string;
  amountCents: number;
  dueDate: string | null;
  status: (typeof positions.$inferSelect)['status'];
  serviceTitle: string | null;
  createdAt: Date;
}

export interface PositionPage {
  rows: PositionRow[];
  /** The cursor of the next page, when there is one. */
  next?: string;
}

/** Every filter as a condition; each one is served by one index of migration 0008 (see bench/positions-filters.ts). */
export function filterConditions(enteId: string, scope: StaffScope, f: PositionFilters): SQL {
  const conditions: SQL[] = [positionsInScope(enteId, scope)];
  if (f.stato) conditions.push(eq(positions.status, f.stato));
  if (f.servizio) conditions.push(eq(positions.serviceId, f.servizio));
  if (f.scadenzaDal) conditions.push(gte(positions.dueDate, f.scadenzaDal));
  if (f.scadenzaAl) conditions.push(lte(positions.dueDate, f.scadenzaAl));
  if (f.cf) conditions.push(eq(positions.debtorFiscalCode, f.cf));
  if (f.avviso) conditions.push(eq(positions.noticeNumber, f.avviso));
  if (f.idEsterno) conditions.push(eq(positions.externalId, f.idEsterno));
  if (f.testo) conditions.push(sql`to_tsvector('simple', ${positions.causale}) @@ plainto_tsquery('simple', ${f.testo})`);
  if (f.registrazione === 'in_attesa') conditions.push(eq(positions.registrationStatus, 'pending'));
  return and(...conditions)!;
}

/** How many of the newest candidate rows a text search reads in date order before it turns to the text index. */
export const TEXT_WINDOW = 5000;

const cursorTime = sql<string>`to_char(${positions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const after = (cursor: PositionCursor) =>
  sql`(${positions.createdAt}, ${positions.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`;

async function selectPage(db: Database, where: SQL | undefined) {
  return db
    .select({
      id: positions.id,
      noticeNumber: positions.noticeNumber,
      externalId: positions.externalId,
      debtorFiscalCode: positions.debtorFiscalCode,
      debtorName: positions.debtorName,
      causale: positions.causale,
      amountCents: positions.amountCents,
      dueDate: positions.dueDate,
      status: positions.status,
      serviceTitle: positionServiceTitle,
      createdAt: positions.createdAt,
      // The exact microseconds: a JavaScript Date would round them and the next page would skip or repeat rows.
      cursorTime,
    })
    .from(positions)
    .leftJoin(services, eq(services.id, positions.serviceId))
    .where(where)
    .orderBy(desc(positions.createdAt), desc(positions.id))
    .limit(PAGE_SIZE + 1);
}

/**
 * A text search, fast whether its words are common or rare. Postgres cannot tell them apart in advance
 * (it assumes every tsquery matches 0.5% of rows), and each guess is slow for the other kind: reading the
 * newest rows in order and testing each is seconds for a word in one position in a million; the text
 * index is a sort of 200,000 rows for a word in every fifth. So: first the newest TEXT_WINDOW candidates
 * in order (enough when the words are common), and only if they hold less than a page, the text index
 * alone (then the words are rare and its result small).
 */
async function selectTextPage(db: Database, enteId: string, scope: StaffScope, f: PositionFilters, cursor: PositionCursor | undefined) {
  const others = and(filterConditions(enteId, scope, { ...f, testo: undefined }), cursor && after(cursor));
  const where = and(filterConditions(enteId, scope, f), cursor && after(cursor));
  const [edge] = await db
    .select({ createdAt: cursorTime, id: positions.id })
    .from(positions)
    .where(others)
    .orderBy(desc(positions.createdAt), desc(positions.id))
    .offset(TEXT_WINDOW - 1)
    .limit(1);
  if (edge) {
    const newest = await selectPage(
      db,
      and(where, sql`(${positions.createdAt}, ${positions.id}) >= (${edge.createdAt}::timestamptz, ${edge.id}::uuid)`),
    );
    if (newest.length > PAGE_SIZE) return newest;
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local enable_indexscan = off`);
    return selectPage(tx, where);
  });
}

/** One page of the filtered list, newest first, by keyset on (created_at, id): no OFFSET, stable under inserts. */
export async function listPositions(db: Database, enteId: string, scope: StaffScope, f: PositionFilters): Promise<PositionPage> {
  const cursor = decodeCursor(f.dopo);
  const rows = f.testo
    ? await selectTextPage(db, enteId, scope, f, cursor)
    : await selectPage(db, and(filterConditions(enteId, scope, f), cursor && after(cursor)));
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map(({ cursorTime: _, ...row }) => row),
    next: rows.length > PAGE_SIZE && last ? encodeCursor({ createdAt: last.cursorTime, id: last.id }) : undefined,
  };
}

/** How many positions match the filters and their total amount (the cursor plays no part). */
export async function totalPositions(
  db: Database,
  enteId: string,
  scope: StaffScope,
  f: PositionFilters,
): Promise<{ count: number; amountCents: number }> {
  const [row] = await db
    .select({ count: sql<string>`count(*)`, amountCents: sql<string>`coalesce(sum(${positions.amountCents}), 0)` })
    .from(positions)
    .where(filterConditions(enteId, scope, f));
  return { count: Number(row?.count ?? 0), amountCents: Number(row?.amountCents ?? 0) };
}
