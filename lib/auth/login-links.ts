import { cryptoShuffle } from './crypto-shuffle';
import type { LoginChoices } from './identity-providers';
import { returnPathOr } from './return-target';

/** One way to sign in, as a link on the host the person is on (lib/auth/login-flow.ts, step 1). */
export interface LoginLink {
  name: string;
  href: string;
}

export interface LoginLinks {
  /** In a fresh random order on every call. */
  spid: LoginLink[];
  cie: LoginLink | undefined;
  oidc: LoginLink | undefined;
}

/** Where a login page sends the person back: a validated `ritorno`, else the page's default. */
export function loginReturnPath(raw: string | string[] | undefined, fallback: string): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  const path = returnPathOr(value, fallback);
  // Coming back to a login page after signing in would only ask again.
  return /^\/(?:admin\/|cit\/)?accedi(?:[/?#]|$)/.test(path) ? fallback : path;
}

/** For the staff logins: only a page of that back office (`/admin…` or `/cit…`), else its home. */
export function staffReturnPath(raw: string | string[] | undefined, area: '/admin' | '/cit'): string {
  const path = loginReturnPath(raw, area);
  const inArea = path === area || path.startsWith(`${area}/`) || path.startsWith(`${area}?`);
  return inArea ? path : area;
}

function href(method: 'spid' | 'cie' | 'oidc', returnPath: string, idp?: string): string {
  const query = new URLSearchParams(idp ? { idp, ritorno: returnPath } : { ritorno: returnPath });
  return `/accedi/${method}?${query.toString()}`;
}

/** The links a login page offers for `choices`, all returning to `returnPath` (already validated). */
export function loginLinks(choices: LoginChoices, returnPath: string, pick?: (maxExclusive: number) => number): LoginLinks {
  return {
    spid: cryptoShuffle(choices.spid, pick).map((idp) => ({ name: idp.name, href: href('spid', returnPath, idp.entityId) })),
    cie: choices.cie && { name: choices.cie.name, href: href('cie', returnPath) },
    oidc: choices.oidc && { name: choices.oidc.name, href: href('oidc', returnPath) },
  };
}
