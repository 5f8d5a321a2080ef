import type { Database } from '@/db';
import type { Ente } from '@/db/schema';
import { findActiveService } from '@/lib/catalogue/queries';
import { findEnteStateBySlug } from '@/lib/enti/queries';
import { servesCitizens } from '@/lib/onboarding/state';
import { serviceCodeOf } from './routing';
import type { SiteDirectory } from './site-directory';

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

/** Where the answers come from: the database, or the in-memory site directory. */
interface SiteFacts {
  ente(slug: string): Promise<Pick<Ente, 'id' | 'adhesionStatus' | 'partner'> | undefined>;
  hasActiveService(enteId: string, code: string): Promise<boolean>;
}

async function missingResource(facts: SiteFacts, slug: string, pathname: string): Promise<MissingResource | null> {
  const ente = await facts.ente(slug);
  if (!ente) return 'ente';
  if (ente.adhesionStatus === 'cessato') return 'cessato';
  if (isBackOffice(pathname)) return null;
  if (!servesCitizens(ente)) return ente.adhesionStatus === 'sospeso' ? 'sospeso' : 'non_attivo';
  const code = serviceCodeOf(pathname);
  if (code === null) return null;
  if (code === '' || !(await facts.hasActiveService(ente.id, code))) return 'servizio';
  return null;
}

/**
 * What an Ente-site address names that does not exist: the Ente itself, its portal (not serving citizens:
 * the back office still works), or the service of `/servizi/<code>`. The middleware asks before rendering because a page that calls notFound()
 * answers 404 with an empty HTML body in Next 15 (vercel/next.js#62228), while a request rewritten to no
 * route renders the not-found page in full. An existence check only: the pages resolve the Ente and check
 * access again themselves.
 */
export function findMissingResource(db: Database, slug: string, pathname: string): Promise<MissingResource | null> {
  return missingResource(
    {
      ente: (s) => findEnteStateBySlug(db, s),
      hasActiveService: async (enteId, code) => Boolean(await findActiveService(db, enteId, code)),
    },
    slug,
    pathname,
  );
}

/** The same answer from the site directory, without a query: for the cached pages' addresses. */
export function findMissingInDirectory(directory: SiteDirectory, slug: string, pathname: string): Promise<MissingResource | null> {
  return missingResource(
    {
      ente: async (s) => directory.get(s),
      hasActiveService: async (_enteId, code) => directory.get(slug)?.activeServiceCodes.has(code) ?? false,
    },
    slug,
    pathname,
  );
}
