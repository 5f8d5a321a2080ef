import { getDb } from '@/db';
import { requireEnteStaffInRoute } from '@/lib/auth/guards';
import { readLimitedBody } from '@/lib/http/limited-body';
import { problem } from '@/lib/http/problem';
import { isSameOrigin } from '@/lib/http/same-origin';
import { MAX_IMPORT_BYTES, MAX_IMPORT_REQUEST_BYTES } from '@/lib/imports/csv-format';
import { startImport } from '@/lib/imports/job';
import { IMPORT_ROLES } from '@/lib/imports/roles';
import { UPLOAD_ERRORS, importUploadFormSchema, type UploadErrorCode } from '@/lib/imports/upload-schema';
import { findBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { enteUrl } from '@/lib/tenancy/urls';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

const IMPORTS_PAGE = '/admin/importazioni';

/**
 * A refused upload. The page's script (fetch) gets problem+json and shows its title; a browser posting
 * the form without JavaScript is sent back to the page, which shows the message of `code` (only known
 * codes travel in the URL: no text of ours can be forged into the page).
 */
function refuse(
  request: Request,
  status: 400 | 413,
  code: UploadErrorCode,
  title: string = UPLOAD_ERRORS[code],
  extra?: Record<string, unknown>,
) {
  if (request.headers.get('sec-fetch-mode') === 'navigate' || request.headers.get('accept')?.includes('text/html')) {
    return new Response(null, { status: 303, headers: { location: `${IMPORTS_PAGE}?errore=${code}`, 'cache-control': 'no-store' } });
  }
  return problem(status, title, undefined, extra);
}

/**
 * The upload of an import's CSV, a plain multipart form POST (works without JavaScript): stores the file,
 * queues its import and sends the browser to the import's page. Sending the same file twice is harmless:
 * the second run finds every row `unchanged`.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const ente = await findBackOfficeEnte((await params).slug);
  if (!ente) return problem(404, 'Ente non trovato');
  if (!isSameOrigin(request, new URL(enteUrl(ente.slug)).origin)) {
    return problem(403, 'Richiesta non consentita', 'Carica il file dalla pagina Importazioni del portale.');
  }
  // Who may import is checked before a byte of the file is read.
  const staff = await requireEnteStaffInRoute(ente, IMPORT_ROLES, { returnTo: IMPORTS_PAGE });
  if (staff instanceof Response) return staff;

  const body = await readLimitedBody(request, MAX_IMPORT_REQUEST_BYTES);
  if (!body.ok) return refuse(request, 413, 'troppo-grande');
  const form = await new Response(new Uint8Array(body.bytes), { headers: { 'content-type': request.headers.get('content-type') ?? '' } })
    .formData()
    .catch(() => undefined);
  const parsed = importUploadFormSchema.safeParse(form);
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error);
    return refuse(request, 400, 'file-non-valido', errors.file ?? parsed.error.issues[0]?.message, { errors });
  }
  const id = await startImport(await getDb(), {
    enteId: ente.id,
    createdBy: staff.userId,
    filename: parsed.data.name.trim(),
    file: new Uint8Array(await parsed.data.arrayBuffer()),
  });
  return new Response(null, { status: 303, headers: { location: `/admin/importazioni/${id}`, 'cache-control': 'no-store' } });
}

/** What the upload accepts, to its own staff (the same check as the POST): the form's limits, for scripts and for the authorization tests. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const ente = await findBackOfficeEnte((await params).slug);
  if (!ente) return problem(404, 'Ente non trovato');
  const staff = await requireEnteStaffInRoute(ente, IMPORT_ROLES);
  if (staff instanceof Response) return staff;
  return Response.json({ field: 'file', type: 'text/csv', maxBytes: MAX_IMPORT_BYTES }, { headers: { 'cache-control': 'no-store' } });
}
