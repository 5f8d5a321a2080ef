import { getDb } from '@/db';
import { requireCitStaffInRoute } from '@/lib/auth/guards';
import { problem } from '@/lib/http/problem';
import { attachmentResponse } from '@/lib/support/message-form';
import { findSupportAttachment } from '@/lib/support/queries';
import { SUPPORT_CIT_ROLES } from '@/lib/support/roles';
import { requestTarget } from '@/lib/tenancy/current-site';
import { uuidSchema } from '@/lib/validation/ids';

/** An attachment of any request, for CIT staff. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; allegato: string }> }) {
  if ((await requestTarget()).kind !== 'provincia') return problem(404, 'Pagina non trovata');
  const staff = await requireCitStaffInRoute(SUPPORT_CIT_ROLES);
  if (staff instanceof Response) return staff;
  const { id, allegato } = await params;
  const found =
    uuidSchema.safeParse(id).success && uuidSchema.safeParse(allegato).success
      ? await findSupportAttachment(await getDb(), { kind: 'cit' }, id, allegato)
      : undefined;
  return found ? attachmentResponse(found) : problem(404, 'Allegato non trovato');
}
