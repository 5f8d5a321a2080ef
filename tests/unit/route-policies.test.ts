import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION_POLICIES, wrappedActionOf } from '@/lib/actions/wrapper';
import { GUARDED_ROUTE_ROOTS, ROUTE_POLICIES, publicRouteOf } from '@/lib/auth/route-policies';

const ROOT = process.cwd();

/** Every file under `dir` (relative to the repository, with forward slashes). */
function filesUnder(dir: string): string[] {
  const absolute = path.join(ROOT, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
  );
}

const ROUTE_FILE = /\/(page|route)\.[jt]sx?$/;

describe('the route policy registry', () => {
  const routeFiles = GUARDED_ROUTE_ROOTS.flatMap(filesUnder).filter((f) => ROUTE_FILE.test(f));

  it('finds the back-office routes (the walk itself works)', () => {
    expect(routeFiles).toEqual(expect.arrayContaining(['app/ente/[slug]/admin/(area)/page.tsx', 'app/provincia/cit/accedi/page.tsx']));
  });

  it('has a policy for every page and route handler of the back offices', () => {
    expect(routeFiles.filter((f) => !(f in ROUTE_POLICIES))).toEqual([]);
  });

  it('names only route files that exist, under the guarded folders', () => {
    expect(Object.keys(ROUTE_POLICIES).filter((f) => !routeFiles.includes(f))).toEqual([]);
  });

  it('leaves only the login pages public', () => {
    const open = Object.entries(ROUTE_POLICIES).filter(([, p]) => p.access === 'public');
    expect(open.map(([f]) => publicRouteOf(f).path).sort()).toEqual(['/admin/accedi', '/cit/accedi', '/cit/accedi/nuova-password']);
  });

  it('asks for at least one role wherever it is not public, of the scope of the site', () => {
    for (const [file, policy] of Object.entries(ROUTE_POLICIES)) {
      if (policy.access === 'public') continue;
      expect(policy.roles.length).toBeGreaterThan(0);
      expect([file, publicRouteOf(file).site]).toEqual([file, policy.access === 'ente' ? 'ente' : 'provincia']);
    }
  });

  it.each([
    ['app/ente/[slug]/admin/(area)/page.tsx', 'ente', '/admin'],
    ['app/ente/[slug]/admin/(gestione)/servizi/[id]/route.ts', 'ente', '/admin/servizi/[id]'],
    ['app/provincia/cit/accedi/page.tsx', 'provincia', '/cit/accedi'],
    ['app/ente/[slug]/[lingua]/carrello/page.tsx', 'ente', '/carrello'],
  ])('maps %s to its public URL', (file, site, pathname) => {
    expect(publicRouteOf(file)).toEqual({ site, path: pathname });
  });

  it('refuses what is not a route file', () => {
    expect(() => publicRouteOf('app/ente/[slug]/admin/layout.tsx')).toThrow();
    expect(() => publicRouteOf('lib/auth/guards.ts')).toThrow();
  });
});

/** Whether a file is a module of server actions: its first statement is the 'use server' directive. */
function isServerActionModule(source: string): boolean {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return /^\s*['"]use server['"]/.test(withoutComments);
}

describe('every server action goes through the wrapper', () => {
  const sources = ['lib', 'app']
    .flatMap(filesUnder)
    .filter((f) => /\.[jt]sx?$/.test(f))
    .map((file) => ({ file, source: readFileSync(path.join(ROOT, file), 'utf8') }));
  const actionModules = sources.filter((s) => isServerActionModule(s.source)).map((s) => s.file);

  it('finds the action modules (the walk itself works)', () => {
    expect(actionModules).toEqual(expect.arrayContaining(['lib/auth/actions.ts', 'lib/payments/actions.ts']));
  });

  it("has no inline 'use server' function: those would bypass the wrapper", () => {
    const inline = sources
      .filter((s) => !actionModules.includes(s.file) && /^\s*['"]use server['"];?\s*$/m.test(s.source))
      .map((s) => s.file);
    expect(inline).toEqual([]);
  });

  it('exports from action modules only wrapped actions, with unique names, each role-checked one with its policy', async () => {
    const unwrapped: string[] = [];
    const unpoliced: string[] = [];
    const fileOfName = new Map<string, string>();
    const duplicates: string[] = [];
    for (const file of actionModules) {
      const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      for (const [exportName, value] of Object.entries(exported)) {
        if (typeof value !== 'function') continue;
        const wrapped = wrappedActionOf(value);
        if (!wrapped) {
          unwrapped.push(`${file}: ${exportName}`);
          continue;
        }
        if (fileOfName.has(wrapped.name)) duplicates.push(wrapped.name);
        fileOfName.set(wrapped.name, file);
        const scope = { staff: 'ente', cit: 'cit' }[wrapped.kind as 'staff' | 'cit'];
        if (scope && ACTION_POLICIES.get(wrapped.name)?.scope !== scope) unpoliced.push(wrapped.name);
      }
    }
    expect({ unwrapped, unpoliced, duplicates }).toEqual({ unwrapped: [], unpoliced: [], duplicates: [] });
    expect(fileOfName.get('login')).toBe('lib/auth/actions.ts');
    expect(fileOfName.get('payService')).toBe('lib/payments/actions.ts');
  });

  it('tags nothing it did not wrap', () => {
    expect(wrappedActionOf(async () => ({ ok: true }))).toBeUndefined();
    expect(wrappedActionOf('login')).toBeUndefined();
  });
});
