import { getDb } from '@/db';
import { requireCitStaffInRoute } from '@/lib/auth/guards';
import { problem } from '@/lib/http/problem';
import { findSupportThread } from '@/lib/support/queries';
import { messageLimitsResponse, readMessageForm } from '@/lib/support/message-form';
import { postSupportMessage } from '@/lib/support/requests';
import { SUPPORT_CIT_ROLES } from '@/lib/support/roles';
import { answerSchema } from '@/lib/support/schemas';
import { requestTarget } from '@/lib/tenancy/current-site';
import { uuidSchema } from '@/lib/validation/ids';

/** The CIT's answer in a request's thread (multipart, with its attachments), with the state it leaves the request in. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  if ((await requestTarget()).kind !== 'provincia') return problem(404, 'Pagina non trovata');
  const staff = await requireCitStaffInRoute(SUPPORT_CIT_ROLES);
  if (staff instanceof Response) return staff;
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) return problem(404, 'Richiesta di assistenza non trovata');
  const form = await readMessageForm(request, answerSchema);
  if (!form.ok) return form.response;
  const outcome = await postSupportMessage(
    await getDb(),
    { kind: 'cit' },
    { requestId: id, body: form.fields.testo, files: form.files, status: form.fields.stato },
    { userId: staff.userId, address: form.address },
  );
  if (outcome !== 'ok') return problem(404, 'Richiesta di assistenza non trovata');
  return Response.json({ id }, { status: 201 });
}

/** The limits the answer form posts against, for CIT staff. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  if ((await requestTarget()).kind !== 'provincia') return problem(404, 'Pagina non trovata');
  const staff = await requireCitStaffInRoute(SUPPORT_CIT_ROLES);
  if (staff instanceof Response) return staff;
  const { id } = await params;
  const found = uuidSchema.safeParse(id).success && (await findSupportThread(await getDb(), { kind: 'cit' }, id));
  return found ? messageLimitsResponse() : problem(404, 'Richiesta di assistenza non trovata');
}
