import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '@/db';
import { apiKeys } from '@/db/schema';

/*
 * Keys of the Ente's own systems for /api/v1. The key is shown once; the database keeps only its
 * sha256 (a key is 256 random bits, so a fast hash is enough: there is nothing to brute-force), and
 * a prefix to tell keys apart in the list.
 */

const KEY_PREFIX = 'pk_';
/** Longer than any key we issue: anything longer is refused before hashing. */
const MAX_PRESENTED_LENGTH = 200;
const LAST_USED_RESOLUTION_MS = 60_000;

function hashOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export async function createApiKey(
  db: Database,
  input: { enteId: string; label: string; createdBy: string | null },
): Promise<{ id: string; key: string; prefix: string }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, 12);
  const [row] = await db
    .insert(apiKeys)
    .values({ enteId: input.enteId, label: input.label, keyHash: hashOf(key), prefix, createdBy: input.createdBy })
    .returning({ id: apiKeys.id });
  return { id: row!.id, key, prefix };
}

/** Revokes one key of one Ente; false when there is no such live key (another Ente's, unknown, already revoked). */
export async function revokeApiKey(db: Database, enteId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.enteId, enteId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/**
 * The live key of this Ente that was presented, or null. A key of another Ente is null too: the Host
 * decides the Ente, the key only proves who speaks for it. Records the time of use.
 */
export async function authenticateApiKey(db: Database, enteId: string, presented: string, now: Date): Promise<{ keyId: string } | null> {
  if (!presented.startsWith(KEY_PREFIX) || presented.length > MAX_PRESENTED_LENGTH) return null;
  const hash = hashOf(presented);
  const [row] = await db
    .select({ id: apiKeys.id, enteId: apiKeys.enteId, keyHash: apiKeys.keyHash, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hash));
  // The index lookup already matched the hash; comparing again in constant time costs nothing and keeps
  // the check independent of how the database compares strings.
  if (!row || !timingSafeEqual(Buffer.from(row.keyHash), Buffer.from(hash))) return null;
  if (row.enteId !== enteId || row.revokedAt) return null;
  // At most one write a minute per key: a busy system's every call would otherwise rewrite the row.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, row.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
      ),
    );
  return { keyId: row.id };
}
