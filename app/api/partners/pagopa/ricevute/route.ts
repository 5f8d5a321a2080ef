import { getDb } from '@/db';
import { withRequestIdOf } from '@/lib/http/request-id';
import { handleGpdReceiptPushRequest } from '@/lib/partners/gpd/receipt-push';

/**
 * Receipts (SOAP paSendRTV2) forwarded by the intermediary of an Ente on GPD + Checkout. Not in
 * lib/auth/route-policies.ts, like the sandbox callback: no session, the Ente's inbound partner
 * credential is the authorization (see `handleGpdReceiptPushRequest`).
 */
export async function POST(request: Request) {
  return withRequestIdOf(request, () => handleGpdReceiptPushRequest(request, getDb));
}
