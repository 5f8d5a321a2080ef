import { headers } from 'next/headers';
import { getDb } from '@/db';
import { requireCitStaffInRoute } from '@/lib/auth/guards';
import { auditExportResponse } from '@/lib/cit/audit-export';
import { readConfig } from '@/lib/config';
import { italianDay } from '@/lib/format/date';
import { clientAddress } from '@/lib/http/client-address';
import { problem } from '@/lib/http/problem';
import { requestTarget } from '@/lib/tenancy/current-site';

/** The audit register as CSV, for CIT admins only: the filters of the viewer, every matching entry. */
export async function GET(request: Request) {
  if ((await requestTarget()).kind !== 'provincia') return problem(404, 'Pagina non trovata');
  const staff = await requireCitStaffInRoute(['cit_admin']);
  if (staff instanceof Response) return staff;
  const address = clientAddress(await headers(), readConfig().TRUSTED_PROXY_HOPS);
  return auditExportResponse(await getDb(), new URL(request.url).searchParams, { userId: staff.userId, address }, italianDay(new Date()));
}
