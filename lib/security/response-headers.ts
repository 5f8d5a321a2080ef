import { randomBytes } from 'node:crypto';

export interface PolicyContext {
  /** Fresh for every request: Next puts it on its own scripts when the request carries the policy. */
  nonce: string;
  scheme: 'http' | 'https';
  baseDomain: string;
  /** `next dev` evaluates code for fast refresh and injects styles without a nonce. */
  development: boolean;
  /** Origins outside the portal a form on this page may post to (an IdP that takes AuthnRequests by HTTP-POST). */
  formTargets?: readonly string[];
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The portal's Content-Security-Policy. Scripts run only with this request's nonce (or when loaded by
 * one that has it, for Next's chunks); nothing may frame the portal; forms post only to the portal's own
 * sites (the sandbox checkout answers back to the Ente's subdomain). Ente logos may come from any https
 * host. Style attributes stay allowed: the header takes each Ente's colour from the database.
 */
export function contentSecurityPolicy({ nonce, scheme, baseDomain, development, formTargets = [] }: PolicyContext): string {
  const portalSites = `${scheme}://${baseDomain} ${scheme}://*.${baseDomain}`;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${[portalSites, ...formTargets].join(' ')}`,
    "frame-ancestors 'none'",
  ];
  if (scheme === 'https') directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** The nonce of a policy built by contentSecurityPolicy, for the few inline scripts the portal writes itself. */
export function nonceOf(policy: string | null): string | undefined {
  return policy ? /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1] : undefined;
}

/** HSTS for the base domain and every Ente's subdomain; nothing when the portal itself runs on plain http. */
export function strictTransportSecurity(scheme: 'http' | 'https'): string | null {
  return scheme === 'https' ? 'max-age=63072000; includeSubDomains' : null;
}
