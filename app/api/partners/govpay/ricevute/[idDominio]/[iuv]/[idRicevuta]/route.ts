import { getDb } from '@/db';
import { withRequestIdOf } from '@/lib/http/request-id';
import { handleGovpayReceiptRequest } from '@/lib/partners/govpay/receipt-push';

/** Receipts pushed by GovPay (API Ente v2 notificaRicevuta), authenticated by the Ente's inbound credential: see `handleGovpayReceiptRequest`. */
export async function PUT(request: Request, { params }: { params: Promise<{ idDominio: string; iuv: string; idRicevuta: string }> }) {
  const ids = await params;
  return withRequestIdOf(request, () => handleGovpayReceiptRequest(request, ids, getDb));
}
