import { getDb } from '@/db';
import { handleGovpayReceiptRequest } from '@/lib/partners/govpay/receipt-push';

/** Receipts pushed by GovPay (API Ente v2 notificaRicevuta), authenticated by the Ente's inbound credential: see `handleGovpayReceiptRequest`. */
export async function PUT(request: Request, { params }: { params: Promise<{ idDominio: string; iuv: string; idRicevuta: string }> }) {
  return handleGovpayReceiptRequest(request, await params, getDb);
}
