import type { Database } from '@/db';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import { PasswordHashBusyError } from './password';
import { verifyCredentials } from './users';

/**
 * Staff password login with lockout: failures are counted per account and per client address in
 * PostgreSQL (shared by every instance); past the limit the account or address is locked until its
 * window ends, even with the right password, so guessing gains nothing from parallel instances.
 */
export const LOGIN_LIMITS = {
  failuresPerAccount: { name: 'login-failures:account', limit: 5, windowSeconds: 15 * 60 },
  failuresPerAddress: { name: 'login-failures:address', limit: 20, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

export type LoginOutcome =
  | { kind: 'ok'; user: { id: string; email: string; fullName: string } }
  | { kind: 'invalid' }
  | { kind: 'locked'; retryAfterSeconds: number }
  | { kind: 'busy' };

export async function attemptLogin(
  db: Database,
  email: string,
  password: string,
  clientAddress: string,
  now = new Date(),
): Promise<LoginOutcome> {
  const account = email.toLowerCase();
  for (const [rule, key] of [
    [LOGIN_LIMITS.failuresPerAccount, account],
    [LOGIN_LIMITS.failuresPerAddress, clientAddress],
  ] as const) {
    const state = await peekRateLimit(db, rule, key, now);
    if (!state.ok) return { kind: 'locked', retryAfterSeconds: state.retryAfterSeconds };
  }
  let user;
  try {
    user = await verifyCredentials(db, account, password);
  } catch (error) {
    if (error instanceof PasswordHashBusyError) return { kind: 'busy' };
    throw error;
  }
  if (user) return { kind: 'ok', user };
  await hitRateLimit(db, LOGIN_LIMITS.failuresPerAccount, account, now);
  await hitRateLimit(db, LOGIN_LIMITS.failuresPerAddress, clientAddress, now);
  return { kind: 'invalid' };
}
