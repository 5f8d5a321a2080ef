import { z } from 'zod';
import type { TicketIdentity } from '@/db/schema';
import { isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';

export type IdentityResult =
  { ok: true; identity: TicketIdentity } | { ok: false; reason: 'fiscal_code_missing' | 'fiscal_code_invalid' | 'name_missing' };

const name = z.string().trim().min(1).max(100);
const claimsSchema = z.object({
  given_name: name.optional().catch(undefined),
  family_name: name.optional().catch(undefined),
  // An unusable e-mail is dropped rather than failing the login: the portal does not need it.
  email: z.email().max(254).optional().catch(undefined),
});

/** `TINIT-RSSMRA80A01H501U` or `rssmra80a01h501u` → `RSSMRA80A01H501U`; other countries and invalid codes → undefined. */
export function fiscalCodeFromClaim(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const code = value
    .trim()
    .replace(/^TINIT-/i, '')
    .toUpperCase();
  return isValidPersonFiscalCode(code) ? code : undefined;
}

/**
 * The person proved by the provider: the codice fiscale (how the portal knows citizens and staff), first
 * and last name. Without a valid Italian codice fiscale nobody gets in: their payments could not be found.
 */
export function identityFromClaims(claims: Record<string, unknown>, fiscalCodeClaim: string, issuer: string): IdentityResult {
  const raw = claims[fiscalCodeClaim];
  if (raw === undefined || raw === null || raw === '') return { ok: false, reason: 'fiscal_code_missing' };
  const fiscalCode = fiscalCodeFromClaim(raw);
  if (!fiscalCode) return { ok: false, reason: 'fiscal_code_invalid' };
  const { given_name: givenName, family_name: familyName, email } = claimsSchema.parse(claims);
  if (!givenName || !familyName) return { ok: false, reason: 'name_missing' };
  return {
    ok: true,
    identity: { fiscalCode, givenName, familyName, ...(email ? { email: email.toLowerCase() } : {}), method: 'oidc', provider: issuer },
  };
}
