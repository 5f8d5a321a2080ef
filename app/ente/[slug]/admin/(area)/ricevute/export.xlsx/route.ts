import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { receiptsExportResponse } from '@/lib/receipts/export-response';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

/** The accounting export as XLSX, for every role; an operator limited to some services gets only theirs. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaffInRoute(ente);
  if (staff instanceof Response) return staff;
  return receiptsExportResponse(await getDb(), ente, staff.serviceIds, new URL(request.url).searchParams, 'xlsx');
}
