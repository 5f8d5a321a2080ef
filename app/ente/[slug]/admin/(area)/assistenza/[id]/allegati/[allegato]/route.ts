import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { problem } from '@/lib/http/problem';
import { attachmentResponse } from '@/lib/support/message-form';
import { findSupportAttachment } from '@/lib/support/queries';
import { SUPPORT_ENTE_ROLES } from '@/lib/support/roles';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

/** An attachment of one of this Ente's requests; another Ente's answers 404, like one that does not exist. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string; allegato: string }> }) {
  const { slug, id, allegato } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaffInRoute(ente, SUPPORT_ENTE_ROLES);
  if (staff instanceof Response) return staff;
  const found =
    uuidSchema.safeParse(id).success && uuidSchema.safeParse(allegato).success
      ? await findSupportAttachment(await getDb(), { kind: 'ente', enteId: ente.id }, id, allegato)
      : undefined;
  return found ? attachmentResponse(found) : problem(404, 'Allegato non trovato');
}
