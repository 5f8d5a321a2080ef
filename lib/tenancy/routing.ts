import type { HostTarget } from './host';

/** Internal route prefixes the middleware rewrites to. Never reachable by their own URL. */
export const ENTE_PREFIX = '/ente';
export const PROVINCIA_PREFIX = '/provincia';
/** A path with no route: rewriting here renders the global "not found" page with status 404. */
export const NOT_FOUND_PATH = '/__pagina-non-trovata';

/**
 * Served as they are on every host: partner callbacks carry their own authentication, Auth.js reads the
 * Host itself, and the sandbox partner's checkout pages stand for an external site.
 */
const HOST_INDEPENDENT = ['/api/partners/', '/api/auth/', '/api/health', '/sandbox/'];

export type RouteDecision = { type: 'rewrite'; pathname: string } | { type: 'pass' } | { type: 'not-found' };

function isUnder(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** Where a request goes. Routing only: every page still resolves the Ente and checks access itself. */
export function routeRequest(pathname: string, target: HostTarget): RouteDecision {
  if (HOST_INDEPENDENT.some((p) => pathname === p.replace(/\/$/, '') || pathname.startsWith(p))) return { type: 'pass' };
  if (isUnder(pathname, ENTE_PREFIX) || isUnder(pathname, PROVINCIA_PREFIX) || pathname === NOT_FOUND_PATH) {
    return { type: 'not-found' };
  }
  const suffix = pathname === '/' ? '' : pathname;
  switch (target.kind) {
    case 'ente':
      return { type: 'rewrite', pathname: `${ENTE_PREFIX}/${target.slug}${suffix}` };
    case 'provincia':
      return { type: 'rewrite', pathname: `${PROVINCIA_PREFIX}${suffix}` };
    case 'invalid':
      return { type: 'not-found' };
  }
}
