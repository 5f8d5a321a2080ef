import { pdfResponse } from '@/lib/documents/access';
import { renderReceiptPdf } from '@/lib/documents/receipt-pdf';
import { problem } from '@/lib/http/problem';
import { staffReceiptForRoute } from '@/lib/receipts/staff-receipt-route';

/**
 * The ricevuta PDF for the back office. Unlike the public /ricevute/[id] (any staff of the Ente may open
 * it), an operator limited to some services gets only their services' receipts here.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const lookup = await staffReceiptForRoute(params);
  if (lookup instanceof Response) return lookup;
  const { ente, found } = lookup;
  if (!found) return problem(404, 'Ricevuta non trovata');
  const pdf = await renderReceiptPdf({
    receipt: found.receipt,
    serviceTitle: found.serviceTitle,
    ente: { name: ente.name, fiscalCode: ente.fiscalCode, address: ente.address },
  });
  return pdfResponse(pdf, `ricevuta-${found.receipt.noticeNumber}.pdf`);
}
