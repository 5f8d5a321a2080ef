import { getDb } from '@/db';
import { mayOpenDocument, pdfResponse } from '@/lib/documents/access';
import { renderPositionNotice } from '@/lib/documents/position-documents';
import { problem } from '@/lib/http/problem';
import { isValidNoticeNumber } from '@/lib/pagopa/notice';
import { findPositionByNotice } from '@/lib/positions/queries';
import { findRequestEnte } from '@/lib/tenancy/current-ente';

/** The avviso di pagamento PDF of one position, by signed link or for the Ente's staff. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; nav: string }> }) {
  const { slug, nav } = await params;
  const ente = await findRequestEnte(slug);
  if (!ente || !isValidNoticeNumber(nav)) return problem(404, 'Avviso non trovato');
  const db = await getDb();
  const position = await findPositionByNotice(db, ente.id, nav);
  if (!position || !(await mayOpenDocument(ente, 'notice', nav, new URL(request.url).searchParams.get('t'), position.serviceId)))
    return problem(404, 'Avviso non trovato');
  return pdfResponse(await renderPositionNotice(db, ente, position), `avviso-${position.noticeNumber}.pdf`);
}
