import { cache } from 'react';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import type { Ente } from '@/db/schema';
import { cachedEnte } from '@/lib/cache/page-data';
import { servesCitizens } from '@/lib/onboarding/state';
import { siteDirectory } from './site-directory';

/**
 * The Ente of the Ente layout and of the cached pages, by the slug in the path, without reading the request:
 * a cached page is rendered once for every visitor. The path is safe to trust here because the middleware
 * rewrites to /ente/<slug> only from <slug>'s own subdomain and answers 404 to the internal path itself; pages
 * rendered per request check the Host again (current-ente.ts). Unknown or ceased: undefined.
 */
export const findSiteEnte = cache(async (slug: string): Promise<Ente | undefined> => {
  const site = (await siteDirectory(await getDb())).get(slug);
  if (!site || site.adhesionStatus === 'cessato') return undefined;
  return cachedEnte(site.id);
});

/** The Ente of a cached citizen page: one that serves citizens, else 404. */
export async function requireServingEnte(slug: string): Promise<Ente> {
  const ente = await findSiteEnte(slug);
  if (!ente || !servesCitizens(ente)) notFound();
  return ente;
}
