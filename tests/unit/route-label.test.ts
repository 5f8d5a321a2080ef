import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { methodLabel } from '@/lib/metrics/http-instrumentation';
import { compileRouteTable, matchRoute, OTHER_LABEL, routeLabel, STATIC_LABEL } from '@/lib/metrics/route-label';

/** The app's route patterns from its files, as the build's manifest lists them (`(group)` segments included, as there). */
function routePatterns(dir = 'app'): string[] {
  const absolute = path.join(process.cwd(), dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routePatterns(`${dir}/${entry.name}`);
    return /^(page|route)\.[jt]sx?$/.test(entry.name) ? [dir.slice('app'.length) || '/'] : [];
  });
}

const BASE = 'pagamenti.example.it';
const routes = compileRouteTable(routePatterns());
const options = { baseDomain: BASE, sandboxEnabled: true, routes };
const label = (host: string, url: string) => routeLabel(host, url, options);
const UUID = '0b6e1c8e-6c1b-4a53-9b43-1f2a3c4d5e6f';

describe('the route label of a request', () => {
  it('is the pattern of the route that serves it, for every page and route handler of the app', () => {
    const visible = (pattern: string) => pattern.replace(/\/\([^/]+\)/g, '');
    const sample = (pattern: string) => visible(pattern).replace(/\[[^\]]+\]/g, (segment) => (segment === '[id]' ? UUID : 'x1'));
    const wrong: string[] = [];
    for (const pattern of routePatterns()) {
      let expected: string;
      let host: string;
      let url: string;
      if (pattern.startsWith('/ente/[slug]/[lingua]')) {
        const route = pattern.replace('/[lingua]', '');
        [host, url, expected] = [
          `comune-demo.${BASE}`,
          sample(route).slice('/ente/x1'.length) || '/',
          `ente:${visible(route).slice('/ente/[slug]'.length) || '/'}`,
        ];
      } else if (pattern.startsWith('/ente/[slug]')) {
        [host, url, expected] = [
          `comune-demo.${BASE}`,
          sample(pattern).slice('/ente/x1'.length) || '/',
          `ente:${visible(pattern).slice('/ente/[slug]'.length) || '/'}`,
        ];
      } else if (pattern.startsWith('/vetrina/')) {
        [host, url, expected] = [BASE, '/', 'provincia:/'];
      } else if (pattern.startsWith('/provincia')) {
        [host, url, expected] = [
          BASE,
          sample(pattern).slice('/provincia'.length) || '/',
          `provincia:${visible(pattern).slice('/provincia'.length) || '/'}`,
        ];
      } else {
        [host, url, expected] = ['10.0.0.5:3000', sample(pattern), `${visible(pattern).split('/')[1]}:${visible(pattern)}`];
      }
      const got = label(host, url);
      if (got !== expected) wrong.push(`${host}${url}: ${got}, attesa ${expected}`);
    }
    expect(wrong).toEqual([]);
    expect(routePatterns().length).toBeGreaterThan(100);
  });

  it.each([
    [`comune-demo.${BASE}`, '/', 'ente:/'],
    [`Comune-Demo.${BASE}:443`, '/servizi/mensa?tab=2#sopra', 'ente:/servizi/[code]'],
    [`comune-demo.${BASE}`, '/en/servizi/mensa', 'ente:/servizi/[code]'],
    [`comune-demo.${BASE}`, '/en', 'ente:/'],
    [`valmora.${BASE}`, '/admin/importazioni/modello.csv', 'ente:/admin/importazioni/modello.csv'],
    [`valmora.${BASE}`, `/admin/importazioni/${UUID}`, 'ente:/admin/importazioni/[id]'],
    [`valmora.${BASE}`, '/api/v1/positions/abc/avviso.pdf', 'ente:/api/v1/positions/[externalId]/avviso.pdf'],
    [BASE, '/', 'provincia:/'],
    [`www.${BASE}`, '/cit/enti/42', 'provincia:/cit/enti/[id]'],
    ['127.0.0.1:3000', '/api/partners/sandbox/callbacks', 'api:/api/partners/sandbox/callbacks'],
    [`comune-demo.${BASE}`, '/api/metrics', 'api:/api/metrics'],
    ['anything', '/api/ready', 'api:/api/ready'],
    [BASE, `/sandbox/checkout/${UUID}/esito`, 'sandbox:/sandbox/checkout/[id]/esito'],
  ])('%s%s → %s', (host, url, expected) => {
    expect(label(host, url)).toBe(expected);
  });

  it('counts static files as one label, on any host', () => {
    for (const url of ['/_next/static/chunks/app-123.js', '/_next/image?url=x', '/favicon.ico', '/robots.txt', '/guida/passo-1.png'])
      expect([url, label('whatever.example', url)]).toEqual([url, STATIC_LABEL]);
  });

  it('counts as `other` what no route serves, whatever the client invents', () => {
    const cases: [string | undefined, string][] = [
      [`comune-demo.${BASE}`, '/non-esiste'],
      [`comune-demo.${BASE}`, '/servizi/mensa/altro'],
      [BASE, '/ente/comune-demo'],
      [BASE, '/provincia/cit'],
      ['altro.example.org', '/'],
      [undefined, '/'],
      [BASE, '/sandbox/checkout/non-un-uuid'],
      [BASE, '*'],
      [BASE, 'http://evil.example/'],
    ];
    for (const [host, url] of cases) expect([host, url, label(host as string, url)]).toEqual([host, url, OTHER_LABEL]);
  });

  it('keeps the number of labels bounded by the routes, however many paths are asked', () => {
    const labels = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const host = i % 3 === 0 ? `ente-${i}.${BASE}` : i % 3 === 1 ? BASE : `${i}.example`;
      labels.add(label(host, [`/servizi/s${i}`, `/cit/enti/${i}`, `/x/${i}`, `/avvisi/${i}`][i % 4]!));
    }
    expect(labels.size).toBeLessThanOrEqual(5);
  });

  it('follows the sandbox switch: switched off, its pages are not routes', () => {
    expect(routeLabel(BASE, `/sandbox/checkout/${UUID}`, { ...options, sandboxEnabled: false })).toBe(OTHER_LABEL);
  });
});

describe('route matching', () => {
  const table = compileRouteTable(['/a/[x]', '/a/b', '/a/[x]/c', '/d/[...rest]', '/e/[[...rest]]', '/(g)/f', '/@slot/h']);

  it('prefers static segments, then dynamic ones, then catch-alls, as Next does', () => {
    expect(matchRoute(table, '/a/b')).toBe('/a/b');
    expect(matchRoute(table, '/a/z')).toBe('/a/[x]');
    expect(matchRoute(table, '/a/z/c')).toBe('/a/[x]/c');
    expect(matchRoute(table, '/d/1/2/3')).toBe('/d/[...rest]');
    expect(matchRoute(table, '/d')).toBeNull();
    expect(matchRoute(table, '/e')).toBe('/e/[[...rest]]');
    expect(matchRoute(table, '/f')).toBe('/f');
    expect(matchRoute(table, '/h')).toBe('/h');
    expect(matchRoute(table, '/a/z/d')).toBeNull();
  });

  it('names the standard methods and folds the rest', () => {
    expect(['GET', 'POST', 'PUT', 'HEAD', 'BREW', undefined].map(methodLabel)).toEqual(['GET', 'POST', 'PUT', 'HEAD', 'other', 'other']);
  });
});
