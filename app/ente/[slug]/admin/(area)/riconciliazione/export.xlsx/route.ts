import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { reconciliationExportResponse } from '@/lib/reconciliation/export';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

/** The reconciliation for accounting as XLSX, for every role; an operator limited to some services gets only theirs. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaffInRoute(ente);
  if (staff instanceof Response) return staff;
  return reconciliationExportResponse(await getDb(), ente, staff.serviceIds, new URL(request.url).searchParams, 'xlsx');
}
