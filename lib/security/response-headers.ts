import { createHash, randomBytes } from 'node:crypto';

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
 * Zod probes `new Function('')` once, to decide whether to compile its parsers: the policy forbids eval, so the
 * browser reports that probe as a violation although zod catches it. jitless skips the probe; it must be set
 * before any schema is built, hence an inline script ahead of the page's own (app/layout.tsx). It cannot carry
 * the nonce (the root layout is shared with the cached pages, which have none): the nonce policy names its hash.
 */
export const ZOD_JITLESS_SCRIPT = 'globalThis.__zod_globalConfig={jitless:true};';

const ZOD_JITLESS_HASH = `'sha256-${createHash('sha256').update(ZOD_JITLESS_SCRIPT).digest('base64')}'`;

/** The directives both policies share: what may be framed, posted to, loaded and from where. */
function portalPolicy(
  { scheme, baseDomain, formTargets = [] }: Omit<PolicyContext, 'nonce' | 'development'>,
  scripts: string,
  styles: string,
): string {
  const portalSites = `${scheme}://${baseDomain} ${scheme}://*.${baseDomain}`;
  const directives = [
    "default-src 'self'",
    `script-src ${scripts}`,
    `style-src ${styles}`,
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

/**
 * The policy of every page rendered per request. Scripts run only with this request's nonce (or when loaded
 * by one that has it, for Next's chunks), or as zod's one line above; nothing may frame the portal; forms
 * post only to the portal's own sites (the sandbox checkout answers back to the Ente's subdomain). Ente logos
 * may come from any https host. Style attributes stay allowed: the header takes each Ente's colour from the
 * database.
 */
export function contentSecurityPolicy(context: PolicyContext): string {
  const { nonce, development } = context;
  return portalPolicy(
    context,
    `'self' 'nonce-${nonce}' ${ZOD_JITLESS_HASH} 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    development ? "'self' 'unsafe-inline'" : `'self' 'nonce-${nonce}'`,
  );
}

/**
 * The policy of the cached citizen pages (routing.ts isCachedPage), rendered once for every visitor: a nonce
 * in their HTML would be the same for all, so there is none. Next writes the page's data as inline scripts
 * that differ on every page and every render, which no fixed hash can name: inline scripts are allowed, on
 * these pages only, and only from the portal itself otherwise (no other host, no eval). What limits the risk:
 * these pages show only what staff wrote in the catalogue, escaped by React, and nothing from the request
 * (the search is a dynamic page, /cerca, under the nonce policy). docs/deployment.md explains the choice.
 */
export function cachedPagePolicy(context: Omit<PolicyContext, 'nonce'>): string {
  return portalPolicy(
    context,
    `'self' 'unsafe-inline'${context.development ? " 'unsafe-eval'" : ''}`,
    context.development ? "'self' 'unsafe-inline'" : "'self'",
  );
}

/** The nonce of a policy built by contentSecurityPolicy, for the few inline scripts the portal writes itself. */
export function nonceOf(policy: string | null): string | undefined {
  return policy ? /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1] : undefined;
}

/** HSTS for the base domain and every Ente's subdomain; nothing when the portal itself runs on plain http. */
export function strictTransportSecurity(scheme: 'http' | 'https'): string | null {
  return scheme === 'https' ? 'max-age=63072000; includeSubDomains' : null;
}
