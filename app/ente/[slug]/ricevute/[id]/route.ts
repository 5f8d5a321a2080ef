import { getDb } from '@/db';
import { mayOpenDocument, pdfResponse } from '@/lib/documents/access';
import { renderReceiptPdf } from '@/lib/documents/receipt-pdf';
import { problem } from '@/lib/http/problem';
import { findReceipt } from '@/lib/payments/queries';
import { findServiceTitle } from '@/lib/catalogue/queries';
import { findRequestEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

/** The ricevuta PDF, for whoever holds the signed link given after payment or for the Ente's staff. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await findRequestEnte(slug);
  if (!ente || !uuidSchema.safeParse(id).success) return problem(404, 'Ricevuta non trovata');
  if (!(await mayOpenDocument(ente, 'receipt', id, new URL(request.url).searchParams.get('t'))))
    return problem(404, 'Ricevuta non trovata');
  const db = await getDb();
  const found = await findReceipt(db, ente.id, id);
  if (!found) return problem(404, 'Ricevuta non trovata');
  const pdf = await renderReceiptPdf({
    receipt: found.receipt,
    serviceTitle: await findServiceTitle(db, ente.id, found.position.serviceId),
    ente: { name: ente.name, fiscalCode: ente.fiscalCode, address: ente.address },
  });
  return pdfResponse(pdf, `ricevuta-${found.receipt.noticeNumber}.pdf`);
}
