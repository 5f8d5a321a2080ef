import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { exportZipResponse } from '@/lib/conservazione/downloads';
import { downloadConservazioneExport } from '@/lib/conservazione/queries';
import { CONSERVAZIONE_VIEW_ROLES } from '@/lib/conservazione/roles';
import { problem } from '@/lib/http/problem';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

/** One SInCRO day export as it was built and recorded: the bytes whose SHA-256 the list shows. Another Ente's is a 404. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaffInRoute(ente, CONSERVAZIONE_VIEW_ROLES);
  if (staff instanceof Response) return staff;
  const found = uuidSchema.safeParse(id).success ? await downloadConservazioneExport(await getDb(), ente.id, id) : undefined;
  return found ? exportZipResponse(found) : problem(404, 'Pacchetto non trovato');
}
