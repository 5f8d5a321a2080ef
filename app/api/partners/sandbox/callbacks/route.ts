import { getDb } from '@/db';
import { withRequestIdOf } from '@/lib/http/request-id';
import { handleSandboxCallbackRequest } from '@/lib/payments/callbacks';

/** Payment outcomes from the sandbox partner (404 unless SANDBOX_ENABLED): see `handleSandboxCallbackRequest`. */
export async function POST(request: Request) {
  return withRequestIdOf(request, () => handleSandboxCallbackRequest(request, getDb));
}
