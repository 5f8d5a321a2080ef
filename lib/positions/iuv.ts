import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { iuvSequences } from '@/db/schema';
import { buildNoticeNumber, iuvFromNoticeNumber } from '@/lib/pagopa/notice';
import { rowsOf } from '@/lib/jobs/queue';

type Executor = Pick<Database, 'execute'>;

const MAX_PER_YEAR = 999_999_999;

/**
 * Hands out the next notice number of an Ente: IUV base = year (4 digits) + counter (9 digits), as
 * pagoPA's own generator does. The upsert takes a row lock, so concurrent callers get distinct values,
 * and a counter never goes back: no NAV is ever reused, even when its position is rolled back.
 */
export async function allocateNoticeNumber(
  db: Executor,
  enteId: string,
  segregationCode: string,
  now = new Date(),
): Promise<{ noticeNumber: string; iuv: string }> {
  return (await allocateNoticeNumbers(db, enteId, segregationCode, 1, now))[0]!;
}

/** `count` consecutive notice numbers in one statement, for bulk imports (same guarantees as allocateNoticeNumber). */
export async function allocateNoticeNumbers(
  db: Executor,
  enteId: string,
  segregationCode: string,
  count: number,
  now = new Date(),
): Promise<{ noticeNumber: string; iuv: string }[]> {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`Quantità di numeri avviso non valida: ${count}`);
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now));
  const result = await db.execute(sql`
    insert into ${iuvSequences} (ente_id, segregation_code, year, last_value)
    values (${enteId}, ${segregationCode}, ${year}, ${count})
    on conflict (ente_id, segregation_code, year) do update set last_value = ${iuvSequences.lastValue} + ${count}
    returning last_value`);
  const last = Number(rowsOf<{ last_value: number | string }>(result)[0]?.last_value);
  if (!Number.isSafeInteger(last) || last > MAX_PER_YEAR) throw new Error(`Numeri avviso esauriti per l'anno ${year}`);
  return Array.from({ length: count }, (_, i) => {
    const noticeNumber = buildNoticeNumber(segregationCode, `${year}${String(last - count + 1 + i).padStart(9, '0')}`);
    return { noticeNumber, iuv: iuvFromNoticeNumber(noticeNumber) };
  });
}
