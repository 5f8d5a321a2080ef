import { getDb } from '@/db';
import { problem } from '@/lib/http/problem';
import { findAvvisiZip } from '@/lib/imports/avvisi-zip';
import { staffImportForRoute } from '@/lib/imports/staff-import';

/** The ZIP of the avvisi of one import, once the worker has built it. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const found = await staffImportForRoute(slug, id);
  if (found instanceof Response) return found;
  const zip = await findAvvisiZip(await getDb(), found.ente.id, found.imported.id);
  if (!zip) return problem(404, 'Gli avvisi di questa importazione non sono ancora pronti');
  return new Response(new Uint8Array(zip), {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="avvisi-${found.imported.id.slice(0, 8)}.zip"`,
      'cache-control': 'no-store',
    },
  });
}
