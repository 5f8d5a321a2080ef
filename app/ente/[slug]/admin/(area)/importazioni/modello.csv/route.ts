import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { csvResponse } from '@/lib/http/csv-response';
import { problem } from '@/lib/http/problem';
import { importTemplate } from '@/lib/imports/csv-format';
import { IMPORT_ROLES } from '@/lib/imports/roles';
import { findBackOfficeEnte } from '@/lib/tenancy/current-ente';

/** The import template: the header row and one example row. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const ente = await findBackOfficeEnte((await params).slug);
  if (!ente) return problem(404, 'Ente non trovato');
  const staff = await requireEnteStaffInRoute(ente, IMPORT_ROLES);
  if (staff instanceof Response) return staff;
  return csvResponse(importTemplate(), 'modello-importazione.csv');
}
