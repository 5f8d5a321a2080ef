import type { Database } from '@/db';
import { findActiveService } from '@/lib/catalogue/queries';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import { serviceCodeOf } from './routing';

export type MissingResource = 'ente' | 'servizio';

/**
 * What an Ente-site address names that does not exist: the Ente itself (unknown or not active), or the
 * service of `/servizi/<code>`. The middleware asks before rendering because a page that calls notFound()
 * answers 404 with an empty HTML body in Next 15 (vercel/next.js#62228), while a request rewritten to no
 * route renders the not-found page in full. An existence check only: the pages resolve the Ente and check
 * access again themselves.
 */
export async function findMissingResource(db: Database, slug: string, pathname: string): Promise<MissingResource | null> {
  const ente = await findActiveEnteBySlug(db, slug);
  if (!ente) return 'ente';
  const code = serviceCodeOf(pathname);
  if (code === null) return null;
  if (code === '' || !(await findActiveService(db, ente.id, code))) return 'servizio';
  return null;
}
