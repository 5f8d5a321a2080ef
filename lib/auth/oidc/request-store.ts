import { createHash } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '@/db';
import { oidcRequests } from '@/db/schema';
import { LOGIN_HOST, RETURN_PATH } from '../return-target';

/** How long the person has to sign in at the provider. */
export const OIDC_REQUEST_TTL_MINUTES = 10;

/** What openid-client's randomState() gives (32 random bytes, base64url): anything else is not ours. */
const STATE_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function stateHash(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

export interface NewOidcRequest {
  state: string;
  nonce: string;
  codeVerifier: string;
  host: string;
  returnPath: string;
  browserBindingHash: string;
  now: Date;
}

export type StoredOidcRequest = Omit<typeof oidcRequests.$inferSelect, 'consumedAt'>;

export type ConsumeOidcResult =
  { ok: true; request: StoredOidcRequest } | { ok: false; reason: 'malformed' | 'unknown' | 'expired' | 'consumed' };

/** Records an authorization before the browser is sent to the provider; only the state's hash is kept. */
export async function saveOidcRequest(db: Database, request: NewOidcRequest): Promise<void> {
  if (!STATE_FORMAT.test(request.state)) throw new Error('state non valido');
  if (!LOGIN_HOST.test(request.host)) throw new Error(`host non valido: ${request.host}`);
  if (!RETURN_PATH.test(request.returnPath)) throw new Error('percorso di ritorno non valido');
  if (!/^[0-9a-f]{64}$/.test(request.browserBindingHash)) throw new Error('legame con il browser non valido');
  await db.insert(oidcRequests).values({
    stateHash: stateHash(request.state),
    nonce: request.nonce,
    codeVerifier: request.codeVerifier,
    host: request.host,
    returnPath: request.returnPath,
    browserBindingHash: request.browserBindingHash,
    issuedAt: request.now,
    expiresAt: new Date(request.now.getTime() + OIDC_REQUEST_TTL_MINUTES * 60_000),
  });
}

/**
 * Uses the state once: a single conditional UPDATE … RETURNING, so of a replayed or concurrent callback only
 * one gets the row (and with it the nonce and the PKCE verifier the code exchange needs).
 */
export async function consumeOidcRequest(db: Database, state: string, now: Date): Promise<ConsumeOidcResult> {
  if (!STATE_FORMAT.test(state)) return { ok: false, reason: 'malformed' };
  const hash = stateHash(state);
  const [row] = await db
    .update(oidcRequests)
    .set({ consumedAt: now })
    .where(and(eq(oidcRequests.stateHash, hash), isNull(oidcRequests.consumedAt), gt(oidcRequests.expiresAt, now)))
    .returning();
  if (row) {
    const { consumedAt: _consumed, ...request } = row;
    return { ok: true, request };
  }
  const [existing] = await db.select({ consumedAt: oidcRequests.consumedAt }).from(oidcRequests).where(eq(oidcRequests.stateHash, hash));
  if (!existing) return { ok: false, reason: 'unknown' };
  return { ok: false, reason: existing.consumedAt ? 'consumed' : 'expired' };
}

/** Deletes requests that expired before `before` (a periodic job); used ones stay until then, so a replay reads as such. */
export async function pruneOidcRequests(db: Database, before: Date): Promise<number> {
  const deleted = await db.delete(oidcRequests).where(lt(oidcRequests.expiresAt, before)).returning({ stateHash: oidcRequests.stateHash });
  return deleted.length;
}
