import { getDb } from '@/db';
import { importProgress } from '@/lib/imports/queries';
import { staffImportForRoute } from '@/lib/imports/staff-import';

/** The progress of one import, polled by its page every second. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const found = await staffImportForRoute(slug, id);
  if (found instanceof Response) return found;
  return Response.json(await importProgress(await getDb(), found.imported), { headers: { 'cache-control': 'no-store' } });
}
