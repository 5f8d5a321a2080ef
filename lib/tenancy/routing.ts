import { DEFAULT_LOCALE, splitLocale, type Locale } from '@/lib/i18n/locales';
import type { HostTarget } from './host';

/** Internal route prefixes the middleware rewrites to. Never reachable by their own URL. */
export const ENTE_PREFIX = '/ente';
export const PROVINCIA_PREFIX = '/provincia';
/**
 * The provincial home, cached like the Ente pages. A page without a dynamic segment would be rendered by
 * `next build`, which has no database; under a parameter (whose one value is `provincia`) with
 * generateStaticParams() = [], it is rendered at its first request and kept. Outside /provincia: that layout
 * reads the Host and the session, which a cached page cannot.
 */
export const PROVINCIA_HOME_PREFIX = '/vetrina';
export const PROVINCIA_HOME_PATH = `${PROVINCIA_HOME_PREFIX}/provincia`;
/** A path with no route: rewriting here renders the global "not found" page with status 404. */
export const NOT_FOUND_PATH = '/__pagina-non-trovata';
/** Request header by which the middleware tells that page what was not found (see site-existence.ts). */
export const NOT_FOUND_REASON_HEADER = 'x-portale-non-trovato';
/** Request header by which the middleware tells guards what was asked for (`GET /admin/x`), for the audit of refusals. */
export const REQUEST_PATH_HEADER = 'x-portale-percorso';

/**
 * Files in public/, served as they are on every host. The middleware matcher skips them already (keep the
 * two lists equal); routing them through unchanged keeps them reachable if the matcher ever lets one in.
 */
export const PUBLIC_FILES = ['/favicon.ico', '/marchio.svg', '/robots.txt'];
/** Folders of public/ served whole: the guide's screenshots, which the browser tests regenerate. */
export const PUBLIC_DIRS = ['/guida/'];

/**
 * Served as they are on every host: partner callbacks carry their own authentication, Auth.js and the
 * visitor's corner (/api/visita) read the Host themselves, the probes and metrics are asked of each instance
 * by its own address, and the benchmark's route answers only when switched on (BENCH_ROUTES_ENABLED).
 */
const HOST_INDEPENDENT = [
  '/api/partners/',
  '/api/auth/',
  '/api/health',
  '/api/ready',
  '/api/metrics',
  '/api/bench/',
  '/api/visita',
  // The language switch (app/lingua): it reads the Host and the Referer itself.
  '/lingua/',
];

/**
 * Paths of an Ente's site that have one language only: the back office (Italian) and what machines read. They
 * keep their routes outside the language segment; every other path of the site is a citizen's, in each language.
 */
const SINGLE_LANGUAGE = ['/admin', '/api', '/logo'];

/** The citizen's pages of the provincial site besides its home: the rest of it (the CIT, questions) is Italian. */
const PROVINCIA_CITIZEN = ['/accedi', '/area-personale'];

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/**
 * The sandbox partner's checkout pages stand for an external site, so they answer on every host; only
 * while the sandbox is switched on, and only for a well-formed session id (anything else is a plain 404).
 */
const SANDBOX_PAGE = new RegExp(`^/sandbox/checkout/${UUID}(?:/esito)?$`);

/** `locale`: the language of the URL (its prefix), for the pages in both languages. */
export type RouteDecision = { type: 'rewrite'; pathname: string; locale?: Locale } | { type: 'pass' } | { type: 'not-found' };

export interface RoutingOptions {
  sandboxEnabled: boolean;
}

function isUnder(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** Where a request goes. Routing only: every page still resolves the Ente and checks access itself. */
export function routeRequest(pathname: string, target: HostTarget, options: RoutingOptions): RouteDecision {
  if (PUBLIC_FILES.includes(pathname) || PUBLIC_DIRS.some((d) => pathname.startsWith(d))) return { type: 'pass' };
  if (HOST_INDEPENDENT.some((p) => pathname === p.replace(/\/$/, '') || pathname.startsWith(p))) return { type: 'pass' };
  if (isUnder(pathname, '/sandbox')) {
    return options.sandboxEnabled && SANDBOX_PAGE.test(pathname) ? { type: 'pass' } : { type: 'not-found' };
  }
  if ([ENTE_PREFIX, PROVINCIA_PREFIX, PROVINCIA_HOME_PREFIX].some((p) => isUnder(pathname, p)) || pathname === NOT_FOUND_PATH) {
    return { type: 'not-found' };
  }
  const { locale, pathname: path } = splitLocale(pathname);
  const suffix = path === '/' ? '' : path;
  switch (target.kind) {
    case 'ente':
      if (SINGLE_LANGUAGE.some((p) => isUnder(path, p))) {
        return locale === DEFAULT_LOCALE ? { type: 'rewrite', pathname: `${ENTE_PREFIX}/${target.slug}${suffix}` } : { type: 'not-found' };
      }
      return { type: 'rewrite', pathname: `${ENTE_PREFIX}/${target.slug}/${locale}${suffix}`, locale };
    case 'provincia':
      if (!suffix) return { type: 'rewrite', pathname: `${PROVINCIA_HOME_PATH}/${locale}`, locale };
      // Rendered per request, these take the language from the middleware's header, not from a segment.
      if (PROVINCIA_CITIZEN.some((p) => isUnder(path, p))) return { type: 'rewrite', pathname: `${PROVINCIA_PREFIX}${suffix}`, locale };
      return locale === DEFAULT_LOCALE ? { type: 'rewrite', pathname: `${PROVINCIA_PREFIX}${suffix}` } : { type: 'not-found' };
    case 'invalid':
      return { type: 'not-found' };
  }
}

/** Service codes as the catalogue stores them (services_code_format): nothing else can name a service. */
const SERVICE_CODE = /^[a-z0-9][a-z0-9-]{0,34}$/;

/**
 * For an Ente-site path `/servizi/<segment>`: the service code it names, or '' when the segment cannot be
 * one (so no service exists under it). null for any other path.
 */
export function serviceCodeOf(pathname: string): string | null {
  const match = /^\/servizi\/([^/]+)$/.exec(pathname);
  if (!match) return null;
  return SERVICE_CODE.test(match[1]!) ? match[1]! : '';
}

/** An Ente's public «manuale di conservazione» page, linked from its footer. */
export const CONSERVAZIONE_MANUAL_PATH = '/conservazione';

/**
 * The citizen pages served from the shared page cache: an Ente's home, service pages and manuale di
 * conservazione, the provincial home. They get the policy without a nonce, and their existence is checked
 * against the site directory.
 */
export function isCachedPage(publicPathname: string, target: HostTarget): boolean {
  const { pathname } = splitLocale(publicPathname);
  if (target.kind === 'provincia') return pathname === '/';
  if (target.kind !== 'ente') return false;
  return pathname === '/' || pathname === CONSERVAZIONE_MANUAL_PATH || Boolean(serviceCodeOf(pathname));
}
