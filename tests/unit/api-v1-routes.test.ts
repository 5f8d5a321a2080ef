import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { routeRequest } from '@/lib/tenancy/routing';

/** openapi.json and the route files under app/ente/[slug]/api/v1 name the same operations. */

const ROOT = path.join(process.cwd(), 'app/ente/[slug]/api/v1');
const document = buildOpenApiDocument('https://comune-demo.example/api/v1') as { paths: Record<string, Record<string, unknown>> };

function routeFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? routeFilesUnder(path.join(dir, entry.name)) : entry.name === 'route.ts' ? [path.join(dir, entry.name)] : [],
  );
}

const fileOf = (apiPath: string) => path.join(ROOT, apiPath.replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');

describe('/api/v1 routes', () => {
  it("reach the Ente of the Host through the middleware's rewrite", () => {
    expect(routeRequest('/api/v1/positions/TARI-1', { kind: 'ente', slug: 'valmora' }, { sandboxEnabled: false })).toEqual({
      type: 'rewrite',
      pathname: '/ente/valmora/api/v1/positions/TARI-1',
    });
    // On the provincial host there is no /provincia/api/v1: the request finds no route (404).
    expect(routeRequest('/api/v1/receipts', { kind: 'provincia' }, { sandboxEnabled: false })).toEqual({
      type: 'rewrite',
      pathname: '/provincia/api/v1/receipts',
    });
    expect(existsSync(path.join(process.cwd(), 'app/provincia/api'))).toBe(false);
  });

  it.each(Object.entries(document.paths))('%s has a route file exporting each documented method', (apiPath, item) => {
    const source = readFileSync(fileOf(apiPath), 'utf8');
    for (const method of Object.keys(item).filter((k) => k !== 'parameters')) {
      expect([apiPath, method, new RegExp(`export const ${method.toUpperCase()} `).test(source)]).toEqual([apiPath, method, true]);
    }
  });

  it('documents every route file (openapi.json itself aside)', () => {
    const documented = Object.keys(document.paths).map(fileOf);
    const undocumented = routeFilesUnder(ROOT).filter((file) => !documented.includes(file) && !file.includes('openapi.json'));
    expect(undocumented).toEqual([]);
  });
});
