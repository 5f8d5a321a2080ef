import { parseHost } from '@/lib/tenancy/host';
import { ENTE_PREFIX, PROVINCIA_HOME_PREFIX, PROVINCIA_PREFIX, PUBLIC_DIRS, PUBLIC_FILES, routeRequest } from '@/lib/tenancy/routing';

/*
 * The `route` label of the HTTP metrics: the app route a request reaches, as its pattern, never the raw path,
 * so that the number of series stays bounded whatever clients ask for (`ente:/servizi/[code]`,
 * `provincia:/cit/enti/[id]`, `api:/api/partners/sandbox/callbacks`). Pure: the middleware's own routing
 * decision (host kind + path) and the route patterns of the build are its only inputs.
 */

type Segment = { kind: 'static'; value: string } | { kind: 'dynamic' } | { kind: 'catch-all' } | { kind: 'optional-catch-all' };

interface CompiledRoute {
  pattern: string;
  segments: Segment[];
}

/** The route patterns of the app, most specific first: what a request path is matched against. */
export interface RouteTable {
  readonly routes: readonly CompiledRoute[];
}

/** Labels that are not route patterns. */
export const STATIC_LABEL = 'static';
export const OTHER_LABEL = 'other';

function segmentOf(text: string): Segment {
  if (/^\[\[\.\.\.[^\]]+\]\]$/.test(text)) return { kind: 'optional-catch-all' };
  if (/^\[\.\.\.[^\]]+\]$/.test(text)) return { kind: 'catch-all' };
  if (/^\[[^\]]+\]$/.test(text)) return { kind: 'dynamic' };
  return { kind: 'static', value: text };
}

const RANK: Record<Segment['kind'], number> = { static: 0, dynamic: 1, 'catch-all': 2, 'optional-catch-all': 3 };

/** Next's precedence: at the first segment where two patterns differ, a static one beats a dynamic one, which beats a catch-all. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const left = a.segments[i];
    const right = b.segments[i];
    if (!left || !right) return left ? 1 : -1;
    const difference = RANK[left.kind] - RANK[right.kind];
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Compiles app route patterns (`/ente/[slug]/servizi/[code]`); route groups `(name)` leave no trace in the URL. */
export function compileRouteTable(patterns: Iterable<string>): RouteTable {
  const unique = new Set<string>();
  for (const pattern of patterns) {
    const segments = pattern.split('/').filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'));
    unique.add(`/${segments.join('/')}`);
  }
  const routes = [...unique].map((pattern) => ({ pattern, segments: pattern.split('/').filter(Boolean).map(segmentOf) }));
  return { routes: routes.sort(bySpecificity) };
}

function matches(route: CompiledRoute, parts: readonly string[]): boolean {
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    if (segment.kind === 'optional-catch-all') return true;
    if (segment.kind === 'catch-all') return parts.length > i;
    const part = parts[i];
    if (part === undefined || (segment.kind === 'static' && segment.value !== part)) return false;
  }
  return parts.length === route.segments.length;
}

/** The pattern of the route serving an internal path, or null when no route does (a 404). */
export function matchRoute(table: RouteTable, pathname: string): string | null {
  const parts = pathname.split('/').filter(Boolean);
  return table.routes.find((route) => matches(route, parts))?.pattern ?? null;
}

export interface RouteLabelOptions {
  baseDomain: string;
  sandboxEnabled: boolean;
  routes: RouteTable;
}

function isStaticAsset(pathname: string): boolean {
  return pathname.startsWith('/_next/') || PUBLIC_FILES.includes(pathname) || PUBLIC_DIRS.some((d) => pathname.startsWith(d));
}

/** The `route` label of a request, from its Host header and its URL as received (query string allowed). */
export function routeLabel(hostHeader: string | undefined, url: string, options: RouteLabelOptions): string {
  const pathname = url.split(/[?#]/, 1)[0] || '/';
  if (!pathname.startsWith('/')) return OTHER_LABEL;
  if (isStaticAsset(pathname)) return STATIC_LABEL;
  const target = parseHost(hostHeader, options.baseDomain);
  const decision = routeRequest(pathname, target, { sandboxEnabled: options.sandboxEnabled });
  if (decision.type === 'not-found') return OTHER_LABEL;
  if (decision.type === 'pass') {
    const pattern = matchRoute(options.routes, pathname);
    return pattern ? `${pattern.split('/')[1]}:${pattern}` : OTHER_LABEL;
  }
  const pattern = matchRoute(options.routes, decision.pathname);
  if (!pattern) return OTHER_LABEL;
  // The internal prefix (`/ente/[slug]`, `/provincia`) is not part of the address people see, and the language
  // segment of the citizen's pages is the same route in either language.
  const ente = `${ENTE_PREFIX}/[slug]`;
  const citizen = `${ente}/[lingua]`;
  if (pattern === citizen || pattern.startsWith(`${citizen}/`)) return `ente:${pattern.slice(citizen.length) || '/'}`;
  if (pattern === ente || pattern.startsWith(`${ente}/`)) return `ente:${pattern.slice(ente.length) || '/'}`;
  // The provincial home is served from its own cached route, under a parameter whose one value is the province.
  if (pattern.startsWith(`${PROVINCIA_HOME_PREFIX}/`)) return 'provincia:/';
  if (pattern === PROVINCIA_PREFIX || pattern.startsWith(`${PROVINCIA_PREFIX}/`))
    return `provincia:${pattern.slice(PROVINCIA_PREFIX.length) || '/'}`;
  return OTHER_LABEL;
}
