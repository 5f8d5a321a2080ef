import { getDb } from '@/db';
import { handleGovpayRendicontazioneRequest } from '@/lib/reconciliation/govpay-push';

/** GovPay's reconciliation push (one flow payment per call): see `handleGovpayRendicontazioneRequest`. */
export async function POST(request: Request) {
  return handleGovpayRendicontazioneRequest(request, getDb);
}
