import { getDb } from '@/db';
import { requireCitStaffInRoute } from '@/lib/auth/guards';
import { DEFAULT_BILLING_METHOD } from '@/lib/billing/compute';
import { billingCsv } from '@/lib/billing/csv';
import { billingReport } from '@/lib/billing/queries';
import { billingMethodSchema, billingYearSchema } from '@/lib/billing/schemas';
import { csvResponse } from '@/lib/http/csv-response';
import { problem } from '@/lib/http/problem';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

/** The year's billing as CSV, for CIT staff: the frozen statements once approved, else computed with ?metodo. */
export async function GET(request: Request, { params }: { params: Promise<{ anno: string }> }) {
  await requireProvinciaHost();
  const staff = await requireCitStaffInRoute();
  if (staff instanceof Response) return staff;
  const year = billingYearSchema.safeParse((await params).anno);
  if (!year.success) return problem(404, 'Anno non valido');
  const method = billingMethodSchema.safeParse(new URL(request.url).searchParams.get('metodo') ?? DEFAULT_BILLING_METHOD);
  if (!method.success) return problem(400, 'Metodo di calcolo non valido', 'Usa metodo=pro_rata o metodo=whole_year.');
  const report = await billingReport(await getDb(), year.data, method.data);
  return csvResponse(billingCsv(report), `fatturazione-cit-${year.data}.csv`);
}
