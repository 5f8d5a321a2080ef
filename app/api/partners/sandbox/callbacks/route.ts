import { getDb } from '@/db';
import { handleSandboxCallbackRequest } from '@/lib/payments/callbacks';

/** Payment outcomes from the sandbox partner (404 unless SANDBOX_ENABLED): see `handleSandboxCallbackRequest`. */
export async function POST(request: Request) {
  return handleSandboxCallbackRequest(request, getDb);
}
