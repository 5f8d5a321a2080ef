import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PARTNER_ROUTE_AUTH } from '@/lib/auth/route-policies';

function filesUnder(dir: string): string[] {
  const absolute = path.join(process.cwd(), dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
  );
}

describe('partner machine endpoints', () => {
  const routes = filesUnder('app/api/partners').filter((f) => /\/route\.[jt]s$/.test(f));

  it('says how each one authenticates its caller', () => {
    expect(routes.filter((f) => !(f in PARTNER_ROUTE_AUTH))).toEqual([]);
  });

  it('names only route files that exist', () => {
    expect(Object.keys(PARTNER_ROUTE_AUTH).filter((f) => !routes.includes(f))).toEqual([]);
  });
});
