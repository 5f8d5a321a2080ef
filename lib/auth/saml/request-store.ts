import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '@/db';
import { samlRequests } from '@/db/schema';
import { LOGIN_HOST, RETURN_PATH } from '../return-target';
import type { SpidLevel } from './authn-request';

export interface NewSamlRequest {
  id: string;
  idpEntityId: string;
  level: SpidLevel;
  issuedAt: Date;
  expiresAt: Date;
  enteHost: string;
  returnPath: string;
  /** The secret in the browser's login cookie; only its hash is stored. */
  browserBinding: string;
}

export type StoredSamlRequest = Omit<NewSamlRequest, 'browserBinding'> & { browserBindingHash: string };

export type ConsumeResult = { ok: true; request: StoredSamlRequest } | { ok: false; reason: 'unknown' | 'expired' | 'consumed' };

export class SamlRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SamlRequestError';
  }
}

function bindingHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Records an issued AuthnRequest, before the browser is sent to the IdP. */
export async function saveRequest(db: Database, request: NewSamlRequest): Promise<void> {
  if (!LOGIN_HOST.test(request.enteHost)) throw new SamlRequestError(`host dell'Ente non valido: ${request.enteHost}`);
  if (!RETURN_PATH.test(request.returnPath)) throw new SamlRequestError('percorso di ritorno non valido');
  if (request.browserBinding.length < 16) throw new SamlRequestError('legame con il browser troppo corto');
  await db.insert(samlRequests).values({
    id: request.id,
    idpEntityId: request.idpEntityId,
    level: request.level,
    issuedAt: request.issuedAt,
    expiresAt: request.expiresAt,
    enteHost: request.enteHost,
    returnPath: request.returnPath,
    browserBindingHash: bindingHash(request.browserBinding),
  });
}

/**
 * Marks the request answered, exactly once: a single conditional UPDATE, so of two concurrent Responses
 * (or a replay) only one gets the row. Unknown (unsolicited), expired and already used requests are refused.
 */
export async function consumeRequest(db: Database, id: string, now: Date): Promise<ConsumeResult> {
  const [row] = await db
    .update(samlRequests)
    .set({ consumedAt: now })
    .where(and(eq(samlRequests.id, id), isNull(samlRequests.consumedAt), gt(samlRequests.expiresAt, now)))
    .returning();
  if (row) {
    return {
      ok: true,
      request: {
        id: row.id,
        idpEntityId: row.idpEntityId,
        level: row.level as SpidLevel,
        issuedAt: row.issuedAt,
        expiresAt: row.expiresAt,
        enteHost: row.enteHost,
        returnPath: row.returnPath,
        browserBindingHash: row.browserBindingHash,
      },
    };
  }
  const [existing] = await db.select({ consumedAt: samlRequests.consumedAt }).from(samlRequests).where(eq(samlRequests.id, id));
  if (!existing) return { ok: false, reason: 'unknown' };
  return { ok: false, reason: existing.consumedAt ? 'consumed' : 'expired' };
}

/** Whether the browser finishing the login holds the secret of the one that started it (constant time). */
export function browserBindingMatches(request: StoredSamlRequest, secret: string): boolean {
  return timingSafeEqual(Buffer.from(bindingHash(secret), 'hex'), Buffer.from(request.browserBindingHash, 'hex'));
}

/**
 * Deletes requests that expired before `before` (a periodic job). Used ones stay until they expire, so that
 * a replay within the window is reported as `consumed`, not `unknown`.
 */
export async function pruneRequests(db: Database, before: Date): Promise<number> {
  const deleted = await db.delete(samlRequests).where(lt(samlRequests.expiresAt, before)).returning({ id: samlRequests.id });
  return deleted.length;
}
