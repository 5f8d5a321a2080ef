import type { z } from 'zod';
import { readConfig } from '@/lib/config';
import { clientAddress } from '@/lib/http/client-address';
import { readLimitedBody } from '@/lib/http/limited-body';
import { problem } from '@/lib/http/problem';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import {
  ATTACHMENTS_FIELD,
  ATTACHMENTS_HELP,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_MESSAGE_BODY_BYTES,
  checkAttachments,
  type CheckedAttachment,
} from './attachments';

/*
 * A helpdesk message arrives as a multipart form at a route handler, not at a server action: with the
 * attachments (up to 3 × 5 MB) it exceeds the 1 MB a server action accepts, and here the body is read
 * with a streamed cap (readLimitedBody) before anything is parsed. Route handlers get no CSRF check from
 * Next, so the browser's Origin must be this very host: another Ente's subdomain is same-site for the
 * cookie, not same-origin.
 */
export type MessageForm<T> = { ok: true; fields: T; files: CheckedAttachment[]; address: string } | { ok: false; response: Response };

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The fields (parsed with `schema`) and the checked attachments of a message form, or the problem+json refusal. */
export async function readMessageForm<S extends z.ZodType>(request: Request, schema: S): Promise<MessageForm<z.output<S>>> {
  if (!sameOrigin(request))
    return { ok: false, response: problem(403, 'Richiesta non consentita', 'Invia il modulo dalla pagina del portale.') };
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type))
    return { ok: false, response: problem(415, 'Il modulo deve essere inviato come multipart/form-data') };
  const body = await readLimitedBody(request, MAX_MESSAGE_BODY_BYTES);
  if (!body.ok)
    return {
      ok: false,
      response: problem(413, 'Gli allegati sono troppo grandi', ATTACHMENTS_HELP, { errors: { [ATTACHMENTS_FIELD]: ATTACHMENTS_HELP } }),
    };
  const form = await new Response(new Uint8Array(body.bytes), { headers: { 'content-type': type } }).formData().catch(() => null);
  if (!form) return { ok: false, response: problem(400, 'Modulo illeggibile') };
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === 'string' && !(name in values)) values[name] = value;
  const parsed = schema.safeParse(values);
  const files = await Promise.all(
    form
      .getAll(ATTACHMENTS_FIELD)
      .filter((v): v is File => typeof v !== 'string')
      .map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  const checked = checkAttachments(files);
  if (!parsed.success || !checked.ok) {
    const errors = {
      ...(parsed.success ? {} : fieldErrorsOf(parsed.error)),
      ...(checked.ok ? {} : { [ATTACHMENTS_FIELD]: checked.error }),
    };
    return { ok: false, response: problem(400, 'Alcuni dati non sono corretti: controlla i campi segnalati.', undefined, { errors }) };
  }
  return { ok: true, fields: parsed.data, files: checked.files, address: clientAddress(request.headers, readConfig().TRUSTED_PROXY_HOPS) };
}

/**
 * What a message endpoint answers to GET, after the same guard as its POST: the limits the form posts
 * against. So every route of the back offices answers a plain GET as its policy says (the authorization e2e asks them all).
 */
export function messageLimitsResponse(): Response {
  return Response.json(
    {
      field: ATTACHMENTS_FIELD,
      maxFiles: MAX_ATTACHMENTS,
      maxFileBytes: MAX_ATTACHMENT_BYTES,
      types: ['pdf', 'png', 'jpeg', 'txt', 'csv'],
    },
    { headers: { 'cache-control': 'no-store' } },
  );
}

/** An attachment as a download: its stored type, never sniffed again by the browser, never rendered inline. */
export function attachmentResponse(found: { filename: string; mime: string; data: Buffer }): Response {
  return new Response(new Uint8Array(found.data), {
    headers: {
      'content-type': found.mime,
      'content-disposition': `attachment; filename="${found.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(found.filename)}`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
