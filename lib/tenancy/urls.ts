import { readConfig } from '@/lib/config';

/** Absolute address of an Ente's portal, for links between sites and for partner return URLs. */
export function enteUrl(slug: string, path = '/'): string {
  const { PORTAL_SCHEME, PORTAL_BASE_DOMAIN } = readConfig();
  return `${PORTAL_SCHEME}://${slug}.${PORTAL_BASE_DOMAIN}${path}`;
}

export function provinciaUrl(path = '/'): string {
  return `${provinciaBaseUrl()}${path}`;
}

export function provinciaBaseUrl(): string {
  const { PORTAL_SCHEME, PORTAL_BASE_DOMAIN } = readConfig();
  return `${PORTAL_SCHEME}://${PORTAL_BASE_DOMAIN}`;
}
