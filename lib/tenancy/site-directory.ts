import type { Database } from '@/db';
import type { Ente } from '@/db/schema';
import { reportRedisProblem } from '@/lib/cache/redis';
import { revalidationClock } from '@/lib/cache/revalidation-clock';
import { listActiveServiceCodes } from '@/lib/catalogue/queries';
import { listSiteStates } from '@/lib/enti/queries';

/*
 * Which sites exist: every Ente's subdomain with its state and the codes of its active services, held in
 * memory so that the middleware answers the cached pages' addresses without a database query. It reloads
 * (two queries) whenever the revalidation clock has moved: the same revalidations that re-render the
 * pages, so the directory is never staler than the pages it guards. Without Redis the clock is this
 * process's; with Redis unreachable it reloads on every call, from the database.
 */

export interface SiteEntry extends Pick<Ente, 'id' | 'adhesionStatus' | 'partner'> {
  activeServiceCodes: ReadonlySet<string>;
}

export type SiteDirectory = ReadonlyMap<string, SiteEntry>;

export async function loadSiteDirectory(db: Database): Promise<SiteDirectory> {
  const [sites, codes] = await Promise.all([listSiteStates(db), listActiveServiceCodes(db)]);
  const codesByEnte = new Map<string, Set<string>>();
  for (const { enteId, code } of codes) {
    const set = codesByEnte.get(enteId) ?? new Set<string>();
    set.add(code);
    codesByEnte.set(enteId, set);
  }
  return new Map(sites.map(({ slug, ...site }) => [slug, { ...site, activeServiceCodes: codesByEnte.get(site.id) ?? new Set<string>() }]));
}

interface Held {
  clock: number;
  directory: Promise<SiteDirectory>;
}

// Per process, on globalThis: the middleware and the pages are separate bundles of the same server.
const holder = globalThis as typeof globalThis & { __portaleSiteDirectory?: Held };

/** The directory as of the current revalidation clock (one small Redis read when nothing changed). */
export async function siteDirectory(db: Database): Promise<SiteDirectory> {
  let clock: number;
  try {
    clock = await revalidationClock();
  } catch (error) {
    reportRedisProblem(error, 'site directory');
    return loadSiteDirectory(db);
  }
  const held = holder.__portaleSiteDirectory;
  if (held?.clock === clock) return held.directory;
  // Read after the clock: a change committed meanwhile moves the clock again, and the next call reloads.
  const directory = loadSiteDirectory(db);
  holder.__portaleSiteDirectory = { clock, directory };
  directory.catch(() => {
    if (holder.__portaleSiteDirectory?.directory === directory) holder.__portaleSiteDirectory = undefined;
  });
  return directory;
}
