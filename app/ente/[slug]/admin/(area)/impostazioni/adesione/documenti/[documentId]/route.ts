import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { problem } from '@/lib/http/problem';
import { documentResponse } from '@/lib/onboarding/download';
import { findAdhesionDocument } from '@/lib/onboarding/queries';
import { findBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

/** A document of this Ente's adhesion file, for its admins only (another Ente's id is simply not found here). */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; documentId: string }> }) {
  const { slug, documentId } = await params;
  const ente = await findBackOfficeEnte(slug);
  if (!ente) return problem(404, 'Ente non trovato');
  const staff = await requireEnteStaffInRoute(ente, ['ente_admin']);
  if (staff instanceof Response) return staff;
  const id = uuidSchema.safeParse(documentId);
  const doc = id.success ? await findAdhesionDocument(await getDb(), ente.id, id.data) : undefined;
  return doc ? documentResponse(doc) : problem(404, 'Documento non trovato');
}
