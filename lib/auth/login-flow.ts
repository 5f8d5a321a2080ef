import { readConfig } from '@/lib/config';
import type { HostTarget } from '@/lib/tenancy/host';

/*
 * The shape every external login (SPID, CIE, the regional OIDC provider) shares:
 * 1. `GET /accedi/<metodo>?ritorno=<path>` on the host the person is on (an Ente's or the provincial one)
 *    gives the browser its key cookie (lib/payments/browser-key.ts), stores the request with that host, the
 *    return path and the key's hash, and sends the browser to the provider;
 * 2. the provider answers on the base domain (`POST /spid/acs`, `GET /oidc/callback`), which validates,
 *    logs, and issues a one-time ticket (lib/auth/tickets.ts) for the stored host;
 * 3. `GET /accedi/completa?ticket=` on that host redeems it through Auth.js's `ticket` provider, which checks
 *    host and browser key, and sends the person to the stored return path.
 */

/** The canonical host of a portal site (with the port of PORTAL_BASE_DOMAIN), or undefined for no site. */
export function siteHost(target: HostTarget): string | undefined {
  const base = readConfig().PORTAL_BASE_DOMAIN;
  if (target.kind === 'provincia') return base;
  if (target.kind === 'ente') return `${target.slug}.${base}`;
  return undefined;
}

/** Step 3's address on the host the login started from. */
export function completionUrl(host: string, ticket: string): string {
  return `${readConfig().PORTAL_SCHEME}://${host}/accedi/completa?ticket=${encodeURIComponent(ticket)}`;
}
