import { z } from 'zod';
import type { TicketIdentity } from '@/db/schema';

/**
 * What a portal session carries, for citizens and staff alike. Roles are never in it: guards read them
 * from the database on every request (lib/auth/guards.ts), so a revoked role takes effect at once.
 */
export interface PortalSession {
  /** users.id when the person is staff (matched by fiscal code, or the demo password login). */
  userId?: string;
  /** The codice fiscale proved by SPID, CIE or the regional provider; absent for a password login. */
  fiscalCode?: string;
  name: string;
  method: 'spid' | 'cie' | 'oidc' | 'password';
  level?: 1 | 2 | 3;
  /** The IdP or OIDC issuer that proved the identity. */
  provider?: string;
  /** What a SAML LogoutRequest to that IdP needs. */
  saml?: TicketIdentity['saml'];
}

/** Fields of the session JWT (Auth.js `token`) that make a PortalSession. */
export type SessionClaims = Omit<PortalSession, 'name'> & { name?: string | null };

/** What a SAML LogoutRequest is built from: anything else in the claim is no SAML session. */
const samlClaims = z.object({
  nameId: z.string().min(1).max(256),
  nameQualifier: z.string().max(1024).optional(),
  sessionIndex: z.string().max(256).optional(),
});

const METHODS: readonly PortalSession['method'][] = ['spid', 'cie', 'oidc', 'password'];

/** Rebuilds a PortalSession from JWT claims; anything malformed is no session at all. */
export function sessionFromClaims(claims: Record<string, unknown>): PortalSession | undefined {
  const method = claims.method as PortalSession['method'];
  if (!METHODS.includes(method) || typeof claims.name !== 'string') return undefined;
  const userId = typeof claims.userId === 'string' ? claims.userId : undefined;
  const fiscalCode = typeof claims.fiscalCode === 'string' ? claims.fiscalCode : undefined;
  if (!userId && !fiscalCode) return undefined;
  const level = claims.level === 1 || claims.level === 2 || claims.level === 3 ? claims.level : undefined;
  const saml = samlClaims.safeParse(claims.saml).data;
  return {
    userId,
    fiscalCode,
    name: claims.name,
    method,
    level,
    provider: typeof claims.provider === 'string' ? claims.provider : undefined,
    saml,
  };
}
