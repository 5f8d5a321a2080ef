import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, services } from '@/db/schema';
import { decodeCursor, encodeCursor, type PositionFilters } from './staff-filters';
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

/** One page of the filtered list, newest first, by keyset on (created_at, id): no OFFSET, stable under inserts. */
export async function listPositions(db: Database, enteId: string, scope: StaffScope, f: PositionFilters): Promise<PositionPage> {
  const cursor = decodeCursor(f.dopo);
  const where = cursor
    ? and(
        filterConditions(enteId, scope, f),
        sql`(${positions.createdAt}, ${positions.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`,
      )
    : filterConditions(enteId, scope, f);
  const rows = await db
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
      serviceTitle: services.title,
      createdAt: positions.createdAt,
      // The exact microseconds: a JavaScript Date would round them and the next page would skip or repeat rows.
      cursorTime: sql<string>`to_char(${positions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(positions)
    .leftJoin(services, eq(services.id, positions.serviceId))
    .where(where)
    .orderBy(desc(positions.createdAt), desc(positions.id))
    .limit(PAGE_SIZE + 1);
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
