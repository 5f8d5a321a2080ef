import { getDb } from '@/db';
import { csvResponse } from '@/lib/http/csv-response';
import { rejectsCsv } from '@/lib/imports/queries';
import { staffImportForRoute } from '@/lib/imports/staff-import';

/** The rejected rows of one import: row number, column, value, reason. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const found = await staffImportForRoute(slug, id);
  if (found instanceof Response) return found;
  return csvResponse(await rejectsCsv(await getDb(), found.imported.id), `scarti-${found.imported.id.slice(0, 8)}.csv`);
}
