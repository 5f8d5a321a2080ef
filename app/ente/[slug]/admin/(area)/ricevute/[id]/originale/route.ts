import { problem } from '@/lib/http/problem';
import { originalDocumentResponse } from '@/lib/receipts/original-document';
import { staffReceiptForRoute } from '@/lib/receipts/staff-receipt-route';

/**
 * The receipt's original document (ctReceiptV2 XML or the partner's JSON), byte for byte, for the Ente's
 * staff within their services. Like every back-office route, whoever is not staff of this Ente gets the
 * audited 403 (tests/e2e/specs/authorization.ts holds every route to it); another Ente's receipt is a 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const lookup = await staffReceiptForRoute(params);
  if (lookup instanceof Response) return lookup;
  const { found } = lookup;
  return (found && originalDocumentResponse(found.receipt)) ?? problem(404, 'Documento originale non disponibile');
}
