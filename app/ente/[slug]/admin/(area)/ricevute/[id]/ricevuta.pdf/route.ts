import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { pdfResponse } from '@/lib/documents/access';
import { renderReceiptPdf } from '@/lib/documents/receipt-pdf';
import { problem } from '@/lib/http/problem';
import { findReceiptForStaff } from '@/lib/receipts/queries';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

/**
 * The ricevuta PDF for the back office. Unlike the public /ricevute/[id] (any staff of the Ente may open
 * it), an operator limited to some services gets only their services' receipts here.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaffInRoute(ente);
  if (staff instanceof Response) return staff;
  const found = uuidSchema.safeParse(id).success
    ? await findReceiptForStaff(await getDb(), { enteId: ente.id, serviceIds: staff.serviceIds }, id)
    : undefined;
  if (!found) return problem(404, 'Ricevuta non trovata');
  const pdf = await renderReceiptPdf({
    receipt: found.receipt,
    serviceTitle: found.serviceTitle,
    ente: { name: ente.name, fiscalCode: ente.fiscalCode, address: ente.address },
  });
  return pdfResponse(pdf, `ricevuta-${found.receipt.noticeNumber}.pdf`);
}
