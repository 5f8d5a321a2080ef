import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '@/db';
import { apiKeys, auditLog } from '@/db/schema';
import { uuidSchema } from '@/lib/validation/ids';
import { DEFAULT_API_SCOPES, type ApiScope } from './scopes';

const KEY_PREFIX = 'pk_';
/** `pk_` and 43 base64url characters (32 random bytes). */
const KEY_SHAPE = /^pk_[A-Za-z0-9_-]{43}$/;
/** What the list shows of a key: enough to tell keys apart, far too little to guess one. */
const SHOWN_PREFIX_LENGTH = 11;
/** A key in use would otherwise write its row on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeySummary {
  id: string;
  label: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  scopes: ApiScope[];
}

function hashOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key for the Ente's systems: the key itself is returned once and only its sha256 is stored. */
export async function createApiKey(
  db: Database,
  {
    enteId,
    label,
    createdBy,
    scopes = DEFAULT_API_SCOPES,
  }: { enteId: string; label: string; createdBy: string | null; scopes?: readonly ApiScope[] },
): Promise<{ id: string; key: string; prefix: string }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, SHOWN_PREFIX_LENGTH);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ enteId, label, keyHash: hashOf(key), prefix, createdBy, scopes: [...scopes] })
      .returning({ id: apiKeys.id });
    await tx.insert(auditLog).values({
      enteId,
      actorUserId: createdBy,
      action: 'chiave_api_creata',
      targetType: 'api_key',
      targetId: row!.id,
      details: { label, prefix, scopes },
    });
    return { id: row!.id, key, prefix };
  });
}

/** Revokes one of this Ente's keys; false when it is unknown here or already revoked. */
export async function revokeApiKey(db: Database, enteId: string, id: string, actorUserId: string | null = null): Promise<boolean> {
  if (!uuidSchema.safeParse(id).success) return false;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.enteId, enteId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, label: apiKeys.label, prefix: apiKeys.prefix });
    if (!row) return false;
    await tx.insert(auditLog).values({
      enteId,
      actorUserId,
      action: 'chiave_api_revocata',
      targetType: 'api_key',
      targetId: row.id,
      details: { label: row.label, prefix: row.prefix },
    });
    return true;
  });
}

/**
 * The key of this Ente that `presented` is, or null (malformed, unknown, revoked, another Ente's). The
 * lookup is by hash, so timing says nothing about the key; the hashes are compared again in constant time.
 */
export async function authenticateApiKey(
  db: Database,
  enteId: string,
  presented: string,
  now: Date,
): Promise<{ keyId: string; label: string; scopes: ApiScope[] } | null> {
  if (!KEY_SHAPE.test(presented)) return null;
  const hash = hashOf(presented);
  const [row] = await db
    .select({
      id: apiKeys.id,
      label: apiKeys.label,
      enteId: apiKeys.enteId,
      keyHash: apiKeys.keyHash,
      revokedAt: apiKeys.revokedAt,
      scopes: apiKeys.scopes,
    })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hash))
    .limit(1);
  if (!row || row.revokedAt || row.enteId !== enteId) return null;
  if (!timingSafeEqual(Buffer.from(row.keyHash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
  return { keyId: row.id, label: row.label, scopes: row.scopes };
}

/** The Ente's keys, newest first, without anything that would let someone use them. */
export async function listApiKeys(db: Database, enteId: string): Promise<ApiKeySummary[]> {
  return db
    .select({
      id: apiKeys.id,
      label: apiKeys.label,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      scopes: apiKeys.scopes,
    })
    .from(apiKeys)
    .where(eq(apiKeys.enteId, enteId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}
