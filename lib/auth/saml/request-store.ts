import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '@/db';
import { samlRequests } from '@/db/schema';
import { LOGIN_HOST, RETURN_PATH } from '../return-target';
import { isSpidLevel, type SpidLevel } from './levels';

export interface NewSamlRequest {
  id: string;
  idpEntityId: string;
  level: SpidLevel;
  issuedAt: Date;
  expiresAt: Date;
  enteHost: string;
  returnPath: string;
  /** The hash of the browser key (lib/payments/browser-key.ts): the ticket the ACS issues is bound to it. */
  browserBindingHash: string;
}

export type StoredSamlRequest = NewSamlRequest;

export type ConsumeResult = { ok: true; request: StoredSamlRequest } | { ok: false; reason: 'unknown' | 'expired' | 'consumed' };

export class SamlRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SamlRequestError';
  }
}

/** Records an issued AuthnRequest, before the browser is sent to the IdP. */
export async function saveRequest(db: Database, request: NewSamlRequest): Promise<void> {
  if (!LOGIN_HOST.test(request.enteHost)) throw new SamlRequestError(`host dell'Ente non valido: ${request.enteHost}`);
  if (!RETURN_PATH.test(request.returnPath)) throw new SamlRequestError('percorso di ritorno non valido');
  if (!/^[0-9a-f]{64}$/.test(request.browserBindingHash)) throw new SamlRequestError('legame con il browser non valido');
  await db.insert(samlRequests).values({
    id: request.id,
    idpEntityId: request.idpEntityId,
    level: request.level,
    issuedAt: request.issuedAt,
    expiresAt: request.expiresAt,
    enteHost: request.enteHost,
    returnPath: request.returnPath,
    browserBindingHash: request.browserBindingHash,
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
    if (!isSpidLevel(row.level)) throw new SamlRequestError(`livello non valido nella richiesta ${row.id}`);
    return {
      ok: true,
      request: {
        id: row.id,
        idpEntityId: row.idpEntityId,
        level: row.level,
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

/**
 * Deletes requests that expired before `before` (a periodic job). Used ones stay until they expire, so that
 * a replay within the window is reported as `consumed`, not `unknown`.
 */
export async function pruneRequests(db: Database, before: Date): Promise<number> {
  const deleted = await db.delete(samlRequests).where(lt(samlRequests.expiresAt, before)).returning({ id: samlRequests.id });
  return deleted.length;
}
