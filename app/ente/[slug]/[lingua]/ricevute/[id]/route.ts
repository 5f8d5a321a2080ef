import { getDb } from '@/db';
import { mayOpenDocument, pdfResponse } from '@/lib/documents/access';
import { renderStoredReceipt } from '@/lib/documents/position-documents';
import { problem } from '@/lib/http/problem';
import { findReceipt } from '@/lib/payments/queries';
import { findRequestEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

/** The ricevuta PDF, for whoever holds the signed link given after payment or for the Ente's staff. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await findRequestEnte(slug);
  if (!ente || !uuidSchema.safeParse(id).success) return problem(404, 'Ricevuta non trovata');
  const db = await getDb();
  const found = await findReceipt(db, ente.id, id);
  if (
    !found ||
    !(await mayOpenDocument(ente, 'receipt', id, new URL(request.url).searchParams.get('t'), found.position?.serviceId ?? null))
  )
    return problem(404, 'Ricevuta non trovata');
  return pdfResponse(await renderStoredReceipt(db, ente, found), `ricevuta-${found.receipt.noticeNumber}.pdf`);
}
