import { getDb } from '@/db';
import { requireCitStaffInRoute } from '@/lib/auth/guards';
import { problem } from '@/lib/http/problem';
import { documentResponse } from '@/lib/onboarding/download';
import { findAdhesionDocument } from '@/lib/onboarding/queries';
import { requestTarget } from '@/lib/tenancy/current-site';
import { uuidSchema } from '@/lib/validation/ids';

/** A document of an adhesion file, for CIT staff. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; documentId: string }> }) {
  if ((await requestTarget()).kind !== 'provincia') return problem(404, 'Pagina non trovata');
  const staff = await requireCitStaffInRoute();
  if (staff instanceof Response) return staff;
  const { id, documentId } = await params;
  const enteId = uuidSchema.safeParse(id);
  const docId = uuidSchema.safeParse(documentId);
  const doc = enteId.success && docId.success ? await findAdhesionDocument(await getDb(), enteId.data, docId.data) : undefined;
  return doc ? documentResponse(doc) : problem(404, 'Documento non trovato');
}
