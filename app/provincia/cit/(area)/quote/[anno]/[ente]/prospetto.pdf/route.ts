import { getDb } from '@/db';
import { requireCitStaffInRoute } from '@/lib/auth/guards';
import { DEFAULT_BILLING_METHOD } from '@/lib/billing/compute';
import { billingMethodSchema, billingYearSchema } from '@/lib/billing/schemas';
import { billingStatementPdf } from '@/lib/billing/statement';
import { pdfResponse } from '@/lib/documents/access';
import { problem } from '@/lib/http/problem';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { uuidSchema } from '@/lib/validation/ids';

/** One Ente's statement for the year as PDF, on the Province's letterhead, for CIT staff. */
export async function GET(request: Request, { params }: { params: Promise<{ anno: string; ente: string }> }) {
  await requireProvinciaHost();
  const staff = await requireCitStaffInRoute();
  if (staff instanceof Response) return staff;
  const { anno, ente } = await params;
  const year = billingYearSchema.safeParse(anno);
  const enteId = uuidSchema.safeParse(ente);
  const method = billingMethodSchema.safeParse(new URL(request.url).searchParams.get('metodo') ?? DEFAULT_BILLING_METHOD);
  if (!year.success || !enteId.success) return problem(404, 'Prospetto non trovato');
  if (!method.success) return problem(400, 'Metodo di calcolo non valido', 'Usa metodo=pro_rata o metodo=whole_year.');
  const statement = await billingStatementPdf(await getDb(), { year: year.data, enteId: enteId.data, method: method.data });
  if (!statement) return problem(404, 'Prospetto non trovato', `L'Ente non ha quote per il ${year.data}.`);
  return pdfResponse(statement.pdf, statement.filename);
}
