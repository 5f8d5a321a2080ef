import type { Database } from '@/db';
import { findActiveService } from '@/lib/catalogue/queries';
import { findEnteStateBySlug } from '@/lib/enti/queries';
import { servesCitizens } from '@/lib/onboarding/state';
import { serviceCodeOf } from './routing';

/**
 * What is missing: the Ente (unknown), its portal (ceased; not active yet, or without a partner; suspended),
 * or the service of `/servizi/<code>`.
 */
export type MissingResource = 'ente' | 'cessato' | 'non_attivo' | 'sospeso' | 'servizio';

/**
 * Paths an Ente's admins use whatever the adhesion's state: the back office, the logo it shows, and the
 * SPID/CIE/OIDC sign-in steps that lead to it (the referente prepares the catalogue before activation).
 */
const BACK_OFFICE_PATHS = ['/admin', '/logo', '/accedi/spid', '/accedi/cie', '/accedi/oidc', '/accedi/completa'];

function isBackOffice(pathname: string): boolean {
  return BACK_OFFICE_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * What an Ente-site address names that does not exist: the Ente itself, its portal (not serving citizens:
 * the back office still works), or the service of `/servizi/<code>`. The middleware asks before rendering because a page that calls notFound()
 * answers 404 with an empty HTML body in Next 15 (vercel/next.js#62228), while a request rewritten to no
 * route renders the not-found page in full. An existence check only: the pages resolve the Ente and check
 * access again themselves.
 */
export async function findMissingResource(db: Database, slug: string, pathname: string): Promise<MissingResource | null> {
  const ente = await findEnteStateBySlug(db, slug);
  if (!ente) return 'ente';
  if (ente.adhesionStatus === 'cessato') return 'cessato';
  if (isBackOffice(pathname)) return null;
  if (!servesCitizens(ente)) return ente.adhesionStatus === 'sospeso' ? 'sospeso' : 'non_attivo';
  const code = serviceCodeOf(pathname);
  if (code === null) return null;
  if (code === '' || !(await findActiveService(db, ente.id, code))) return 'servizio';
  return null;
}
