import { getDb } from '@/db';
import type { Ente } from '@/db/schema';
import type { EnteStaff } from '@/lib/auth/access';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { problem } from '@/lib/http/problem';
import { findBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';
import { findImport, type ImportSummary } from './queries';
import { IMPORT_ROLES } from './roles';

/** The import this person may see (this Ente; their own when limited to some services), or undefined for anything else. */
export async function findStaffImport(ente: Pick<Ente, 'id'>, staff: EnteStaff, rawId: string): Promise<ImportSummary | undefined> {
  const id = uuidSchema.safeParse(rawId);
  return id.success ? findImport(await getDb(), ente.id, staff, id.data) : undefined;
}

/** For the route handlers of one import: the Ente of the host, staff allowed to import, the import theirs to see; else the answer to give. */
export async function staffImportForRoute(slug: string, rawId: string): Promise<{ ente: Ente; imported: ImportSummary } | Response> {
  const ente = await findBackOfficeEnte(slug);
  if (!ente) return problem(404, 'Ente non trovato');
  const staff = await requireEnteStaffInRoute(ente, IMPORT_ROLES);
  if (staff instanceof Response) return staff;
  const imported = await findStaffImport(ente, staff, rawId);
  return imported ? { ente, imported } : problem(404, 'Importazione non trovata');
}
