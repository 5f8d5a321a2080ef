import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { messageLimitsResponse, readMessageForm } from '@/lib/support/message-form';
import { openSupportRequest } from '@/lib/support/requests';
import { SUPPORT_ENTE_ROLES } from '@/lib/support/roles';
import { newRequestSchema } from '@/lib/support/schemas';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

/** «Nuova richiesta»: the form posts here (multipart, with its attachments); the answer is the new request's id. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaffInRoute(ente, SUPPORT_ENTE_ROLES);
  if (staff instanceof Response) return staff;
  const form = await readMessageForm(request, newRequestSchema);
  if (!form.ok) return form.response;
  const created = await openSupportRequest(
    await getDb(),
    { enteId: ente.id, category: form.fields.categoria, subject: form.fields.oggetto, body: form.fields.testo, files: form.files },
    { userId: staff.userId, address: form.address },
  );
  return Response.json(created, { status: 201 });
}

/** The limits the form posts against, for the Ente's staff. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const staff = await requireEnteStaffInRoute(await requireBackOfficeEnte((await params).slug), SUPPORT_ENTE_ROLES);
  return staff instanceof Response ? staff : messageLimitsResponse();
}
