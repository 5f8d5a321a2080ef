import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { problem } from '@/lib/http/problem';
import { findSupportThread } from '@/lib/support/queries';
import { messageLimitsResponse, readMessageForm } from '@/lib/support/message-form';
import { postSupportMessage } from '@/lib/support/requests';
import { SUPPORT_ENTE_ROLES } from '@/lib/support/roles';
import { replySchema } from '@/lib/support/schemas';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

/** The Ente's reply in a request's thread (multipart, with its attachments). */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaffInRoute(ente, SUPPORT_ENTE_ROLES);
  if (staff instanceof Response) return staff;
  if (!uuidSchema.safeParse(id).success) return problem(404, 'Richiesta di assistenza non trovata');
  const form = await readMessageForm(request, replySchema);
  if (!form.ok) return form.response;
  const outcome = await postSupportMessage(
    await getDb(),
    { kind: 'ente', enteId: ente.id },
    { requestId: id, body: form.fields.testo, files: form.files },
    { userId: staff.userId, address: form.address },
  );
  if (outcome === 'not_found') return problem(404, 'Richiesta di assistenza non trovata');
  if (outcome === 'closed') return problem(409, 'La richiesta è chiusa: riaprila per scrivere di nuovo.');
  return Response.json({ id }, { status: 201 });
}

/** The limits the reply form posts against, for the staff of the request's Ente. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaffInRoute(ente, SUPPORT_ENTE_ROLES);
  if (staff instanceof Response) return staff;
  const found = uuidSchema.safeParse(id).success && (await findSupportThread(await getDb(), { kind: 'ente', enteId: ente.id }, id));
  return found ? messageLimitsResponse() : problem(404, 'Richiesta di assistenza non trovata');
}
