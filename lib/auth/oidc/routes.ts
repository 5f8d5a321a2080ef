import { getDb } from '@/db';
import { ensureBrowserKeyHash } from '@/lib/payments/browser-key';
import { handleOidcCallback } from './callback';
import { handleOidcStart } from './start';

/** `GET /accedi/oidc` on every portal host (app/ente/[slug]/[lingua]/accedi/oidc, app/provincia/accedi/oidc). */
export async function startOidcLogin(request: Request): Promise<Response> {
  return handleOidcStart(request, { db: await getDb(), now: new Date(), browserKeyHash: ensureBrowserKeyHash });
}

/** `GET /oidc/callback` on the base domain (app/provincia/oidc/callback). */
export async function finishOidcLogin(request: Request): Promise<Response> {
  return handleOidcCallback(request, { db: await getDb(), now: new Date() });
}
