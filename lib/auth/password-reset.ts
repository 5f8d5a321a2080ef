import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '@/db';
import { passwordResetTokens, users } from '@/db/schema';
import { hashPassword } from './password';

/** A link printed by `npm run setup` may wait a while for its admin; after that, run setup again. */
export const PASSWORD_RESET_TTL_HOURS = 72;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A one-time token that lets this user set a password; only its hash is stored. */
export async function issuePasswordReset(db: Database, userId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(passwordResetTokens).values({
    idHash: sha256(token),
    userId,
    expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_HOURS * 3_600_000),
  });
  return token;
}

/**
 * Sets the password of the token's user and burns the token, in one transaction: the conditional UPDATE
 * is the only read, so a token works exactly once even when submitted twice at the same moment.
 */
export async function resetPassword(db: Database, token: string, password: string, now: Date): Promise<boolean> {
  if (!TOKEN_FORMAT.test(token)) return false;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.idHash, sha256(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
      .returning({ userId: passwordResetTokens.userId });
    if (!used) return false;
    await tx.update(users).set({ passwordHash }).where(eq(users.id, used.userId));
    return true;
  });
}
