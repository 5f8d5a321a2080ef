import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  NOT_FOUND_PATH,
  PUBLIC_DIRS,
  PUBLIC_FILES,
  isCachedPage,
  routeRequest as route,
  serviceCodeOf,
  type RoutingOptions,
} from '@/lib/tenancy/routing';
import type { HostTarget } from '@/lib/tenancy/host';

const ente = { kind: 'ente', slug: 'valmora' } as const;
const provincia = { kind: 'provincia' } as const;
const invalid = { kind: 'invalid' } as const;
const CHECKOUT = '/sandbox/checkout/6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

/** The default is the production one: sandbox off. */
function routeRequest(pathname: string, target: HostTarget, options: RoutingOptions = { sandboxEnabled: false }) {
  return route(pathname, target, options);
}

describe('routeRequest', () => {
  it("rewrites an Ente's paths under its internal route", () => {
    expect(routeRequest('/', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/it', locale: 'it' });
    expect(routeRequest('/servizi/mensa', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/it/servizi/mensa', locale: 'it' });
    expect(routeRequest('/admin', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/admin' });
  });

  it("puts the citizen's pages of an Ente in the language of the address, Italian without a prefix", () => {
    expect(routeRequest('/en', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/en', locale: 'en' });
    expect(routeRequest('/en/servizi/mensa', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/en/servizi/mensa', locale: 'en' });
    expect(routeRequest('/en/carrello', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/en/carrello', locale: 'en' });
    // Only a whole first segment is a language: these are ordinary (unknown) pages of the Italian site.
    expect(routeRequest('/english', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/it/english', locale: 'it' });
    expect(routeRequest('/it/carrello', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/it/it/carrello', locale: 'it' });
  });

  it('keeps the back office, the API and the logo in one language: no English address for them', () => {
    for (const pathname of ['/en/admin', '/en/admin/servizi', '/en/api/v1/receipts', '/en/logo']) {
      expect(routeRequest(pathname, ente)).toEqual({ type: 'not-found' });
    }
    expect(routeRequest('/api/v1/receipts', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/api/v1/receipts' });
    expect(routeRequest('/logo', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/logo' });
  });

  it('rewrites the base domain to the provincial site, its citizen pages in both languages, the rest in Italian', () => {
    expect(routeRequest('/', provincia)).toEqual({ type: 'rewrite', pathname: '/vetrina/provincia/it', locale: 'it' });
    expect(routeRequest('/en', provincia)).toEqual({ type: 'rewrite', pathname: '/vetrina/provincia/en', locale: 'en' });
    expect(routeRequest('/accedi', provincia)).toEqual({ type: 'rewrite', pathname: '/provincia/accedi', locale: 'it' });
    expect(routeRequest('/en/accedi', provincia)).toEqual({ type: 'rewrite', pathname: '/provincia/accedi', locale: 'en' });
    expect(routeRequest('/en/area-personale', provincia)).toEqual({ type: 'rewrite', pathname: '/provincia/area-personale', locale: 'en' });
    expect(routeRequest('/cit', provincia)).toEqual({ type: 'rewrite', pathname: '/provincia/cit' });
    for (const pathname of ['/en/cit', '/en/cit/accedi', '/en/domande', '/en/spid/acs']) {
      expect(routeRequest(pathname, provincia)).toEqual({ type: 'not-found' });
    }
  });

  it('passes the language switch through on every host', () => {
    for (const target of [ente, provincia, invalid]) expect(routeRequest('/lingua/en', target)).toEqual({ type: 'pass' });
  });

  it('refuses the internal paths themselves, from any host', () => {
    for (const target of [ente, provincia, invalid]) {
      expect(routeRequest('/ente/valmora', target)).toEqual({ type: 'not-found' });
      expect(routeRequest('/ente', target)).toEqual({ type: 'not-found' });
      expect(routeRequest('/provincia/cit', target)).toEqual({ type: 'not-found' });
      expect(routeRequest('/vetrina/provincia', target)).toEqual({ type: 'not-found' });
      expect(routeRequest(NOT_FOUND_PATH, target)).toEqual({ type: 'not-found' });
    }
  });

  it('does not mistake look-alike paths for internal ones', () => {
    expect(routeRequest('/enteX', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/it/enteX', locale: 'it' });
    expect(routeRequest('/provinciale', provincia)).toEqual({ type: 'rewrite', pathname: '/provincia/provinciale' });
  });

  it('answers 404 for unknown hosts', () => {
    expect(routeRequest('/', invalid)).toEqual({ type: 'not-found' });
  });

  it('passes partner callbacks, the probes and the metrics through on every host', () => {
    for (const target of [ente, provincia, invalid]) {
      expect(routeRequest('/api/partners/sandbox/callbacks', target)).toEqual({ type: 'pass' });
      expect(routeRequest('/api/health', target)).toEqual({ type: 'pass' });
      expect(routeRequest('/api/ready', target)).toEqual({ type: 'pass' });
      expect(routeRequest('/api/metrics', target)).toEqual({ type: 'pass' });
      expect(routeRequest('/api/bench/insert', target)).toEqual({ type: 'pass' });
      expect(routeRequest('/api/auth/session', target)).toEqual({ type: 'pass' });
    }
  });

  it('passes the sandbox checkout pages on every host only while the sandbox is on', () => {
    for (const target of [ente, provincia, invalid]) {
      expect(routeRequest(CHECKOUT, target, { sandboxEnabled: true })).toEqual({ type: 'pass' });
      expect(routeRequest(`${CHECKOUT}/esito`, target, { sandboxEnabled: true })).toEqual({ type: 'pass' });
      expect(routeRequest(CHECKOUT, target, { sandboxEnabled: false })).toEqual({ type: 'not-found' });
      expect(routeRequest(`${CHECKOUT}/esito`, target, { sandboxEnabled: false })).toEqual({ type: 'not-found' });
      expect(routeRequest('/sandbox', target, { sandboxEnabled: false })).toEqual({ type: 'not-found' });
    }
  });

  it('answers 404 for a sandbox path whose session id is not a UUID, or that has no page', () => {
    for (const pathname of [
      '/sandbox/checkout/abc',
      '/sandbox/checkout/abc/esito',
      `${CHECKOUT.toUpperCase().replace('/SANDBOX/CHECKOUT/', '/sandbox/checkout/')}`,
      `${CHECKOUT}/altro`,
      `${CHECKOUT}%2Fesito`,
      '/sandbox/checkout',
      '/sandbox',
      '/sandbox/',
    ]) {
      expect(routeRequest(pathname, ente, { sandboxEnabled: true })).toEqual({ type: 'not-found' });
    }
    // A look-alike is an ordinary page of the site, not the sandbox.
    expect(routeRequest('/sandboxes', ente, { sandboxEnabled: false })).toEqual({
      type: 'rewrite',
      pathname: '/ente/valmora/it/sandboxes',
      locale: 'it',
    });
  });

  it('serves every file in public/ as it is, on every host', () => {
    const files = readdirSync(path.join(process.cwd(), 'public'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.posix.join('/', path.relative(path.join(process.cwd(), 'public'), entry.parentPath), entry.name));
    const topLevel = files.filter((f) => !PUBLIC_DIRS.some((d) => f.startsWith(d)));
    expect(topLevel.sort()).toEqual([...PUBLIC_FILES].sort());
    for (const file of files) {
      for (const target of [ente, provincia, invalid]) expect(routeRequest(file, target)).toEqual({ type: 'pass' });
    }
    // Next reads the matcher from the source at build time, so it is checked here as written.
    const source = /matcher: \['(.+)'\]/.exec(readFileSync(path.join(process.cwd(), 'middleware.ts'), 'utf8'))![1]!;
    const matcher = new RegExp(`^${source.replace(/\\\\/g, '\\')}$`);
    for (const file of files) expect(matcher.test(file)).toBe(false);
    for (const routed of ['/', '/servizi/mensa', '/sandbox/checkout/x', '/api/health']) {
      expect(matcher.test(routed)).toBe(true);
    }
    // Only those exact names: a public-looking path under an Ente is still the Ente's.
    expect(routeRequest('/servizi/robots.txt', ente)).toEqual({
      type: 'rewrite',
      pathname: '/ente/valmora/it/servizi/robots.txt',
      locale: 'it',
    });
  });
});

describe('serviceCodeOf', () => {
  it('reads the code of /servizi/<code> only', () => {
    expect(serviceCodeOf('/servizi/mensa')).toBe('mensa');
    expect(serviceCodeOf('/servizi/carta-identita')).toBe('carta-identita');
    expect(serviceCodeOf('/servizi')).toBeNull();
    expect(serviceCodeOf('/servizi/mensa/altro')).toBeNull();
    expect(serviceCodeOf('/paga-avviso')).toBeNull();
    expect(serviceCodeOf('/')).toBeNull();
  });

  it('gives an empty code, which names no service, for a segment no service code can have', () => {
    for (const segment of ['Mensa', '%6Densa', 'mensa%00', '..', '-mensa', 'a'.repeat(36), "mensa'--", '%E0%A4%A']) {
      expect(serviceCodeOf(`/servizi/${segment}`)).toBe('');
    }
  });
});

describe('isCachedPage', () => {
  it("is an Ente's home, service pages and manuale di conservazione and the provincial home, nothing per visitor", () => {
    expect(isCachedPage('/', ente)).toBe(true);
    expect(isCachedPage('/servizi/mensa', ente)).toBe(true);
    expect(isCachedPage('/conservazione', ente)).toBe(true);
    expect(isCachedPage('/', provincia)).toBe(true);
    expect(isCachedPage('/en', ente)).toBe(true);
    expect(isCachedPage('/en/servizi/mensa', ente)).toBe(true);
    expect(isCachedPage('/en/conservazione', ente)).toBe(true);
    expect(isCachedPage('/en', provincia)).toBe(true);
    for (const pathname of [
      '/en/carrello',
      '/carrello',
      '/cerca',
      '/servizi/MENSA',
      '/servizi/mensa/altro',
      '/admin',
      '/paga-avviso',
      '/conservazione/x',
    ])
      expect(isCachedPage(pathname, ente)).toBe(false);
    expect(isCachedPage('/cit', provincia)).toBe(false);
    expect(isCachedPage('/', invalid)).toBe(false);
  });
});
