import type { Database } from '@/db';
import type { Ente } from '@/db/schema';
import { problem } from '@/lib/http/problem';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { receiptsCsvStream } from './csv-export';
import { exportFileName } from './export-columns';
import { filterInputOf, receiptFiltersSchema } from './filters';
import { eachReceiptLine, type ReceiptScope } from './queries';
import { receiptsXlsxStream } from './xlsx-export';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * The accounting export of the receipts the filters select (usually a date range), streamed: the
 * response starts at once and the database is read a page at a time as the client takes the rows.
 */
export function receiptsExportResponse(
  db: Database,
  ente: Pick<Ente, 'id' | 'slug'>,
  scope: ReceiptScope['serviceIds'],
  query: URLSearchParams,
  format: 'csv' | 'xlsx',
): Response {
  const parsed = receiptFiltersSchema.safeParse(filterInputOf((key) => query.get(key) ?? undefined));
  if (!parsed.success) {
    return problem(400, 'Alcuni filtri non sono corretti', undefined, { errors: fieldErrorsOf(parsed.error) });
  }
  const lines = eachReceiptLine(db, { enteId: ente.id, serviceIds: scope }, parsed.data);
  const body = format === 'csv' ? receiptsCsvStream(lines) : receiptsXlsxStream(lines);
  return new Response(body, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="${exportFileName(ente.slug, parsed.data, format)}"`,
      'cache-control': 'private, no-store',
    },
  });
}
