import { getDb } from '@/db';
import { mayOpenDocument, pdfResponse } from '@/lib/documents/access';
import { noticeDocumentData } from '@/lib/documents/notice-data';
import { renderNoticePdf } from '@/lib/documents/notice-pdf';
import { problem } from '@/lib/http/problem';
import { isValidNoticeNumber } from '@/lib/pagopa/notice';
import { currentProvider } from '@/lib/provider/current';
import { findPositionByNotice } from '@/lib/positions/queries';
import { findRequestEnte } from '@/lib/tenancy/current-ente';

/** The avviso di pagamento PDF of one position, by signed link or for the Ente's staff. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; nav: string }> }) {
  const { slug, nav } = await params;
  const ente = await findRequestEnte(slug);
  if (!ente || !isValidNoticeNumber(nav)) return problem(404, 'Avviso non trovato');
  if (!(await mayOpenDocument(ente, 'notice', nav, new URL(request.url).searchParams.get('t')))) return problem(404, 'Avviso non trovato');
  const position = await findPositionByNotice(await getDb(), ente.id, nav);
  if (!position) return problem(404, 'Avviso non trovato');
  const pdf = await renderNoticePdf(noticeDocumentData(ente, position, await currentProvider()));
  return pdfResponse(pdf, `avviso-${position.noticeNumber}.pdf`);
}
