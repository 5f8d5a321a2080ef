import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { problem } from '@/lib/http/problem';
import { originalDocumentResponse } from '@/lib/receipts/original-document';
import { findReceiptForStaff } from '@/lib/receipts/queries';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

/**
 * The receipt's original document (ctReceiptV2 XML or the partner's JSON), byte for byte, for the Ente's
 * staff within their services. Like every back-office route, whoever is not staff of this Ente gets the
 * audited 403 (tests/e2e/specs/authorization.ts holds every route to it); another Ente's receipt is a 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaffInRoute(ente);
  if (staff instanceof Response) return staff;
  const found = uuidSchema.safeParse(id).success
    ? await findReceiptForStaff(await getDb(), { enteId: ente.id, serviceIds: staff.serviceIds }, id)
    : undefined;
  return (found && originalDocumentResponse(found.receipt)) ?? problem(404, 'Documento originale non disponibile');
}
