import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { rapportoResponse } from '@/lib/conservazione/downloads';
import { findConservazioneReceipt } from '@/lib/conservazione/queries';
import { CONSERVAZIONE_VIEW_ROLES } from '@/lib/conservazione/roles';
import { problem } from '@/lib/http/problem';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

/**
 * A receipt's rapporto di versamento, byte for byte as the conservatore issued it (its SHA-256 in a header).
 * Whoever may not see conservazione gets the audited 403; another Ente's receipt, or none yet, a 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaffInRoute(ente, CONSERVAZIONE_VIEW_ROLES);
  if (staff instanceof Response) return staff;
  const found = uuidSchema.safeParse(id).success ? await findConservazioneReceipt(await getDb(), ente.id, id) : undefined;
  if (!found?.rapporto) return problem(404, 'Rapporto di versamento non disponibile');
  return rapportoResponse(found.rapporto, found.rapportoSha256, `rapporto-versamento-${found.noticeNumber}.xml`);
}
