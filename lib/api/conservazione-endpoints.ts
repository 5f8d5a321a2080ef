import { downloadConservazioneExportOfDay } from '@/lib/conservazione/queries';
import { invalidFields, notFound, zodErrors, type ApiContext } from './http';
import { exportDayParamsSchema } from './schemas';

/** The handler of /api/v1/conservazione/esportazioni/{giorno}, behind handleApiRequest (key, rate limit). */

/**
 * The day's SInCRO ZIP exactly as it was built and recorded, with the SHA-256 recorded then as the
 * representation digest (RFC 9530): the Ente's conservatore can check what it received.
 */
export async function conservazioneDayExport(_request: Request, context: ApiContext, rawDay: string): Promise<Response> {
  const parsed = exportDayParamsSchema.safeParse({ giorno: rawDay });
  if (!parsed.success) return invalidFields(zodErrors(parsed.error));
  const found = await downloadConservazioneExportOfDay(context.db, context.ente.id, parsed.data.giorno);
  if (!found) return notFound('Nessuna esportazione per questo giorno');
  return new Response(new Uint8Array(found.zip), {
    status: 200,
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${found.fileName}"`,
      'content-length': String(found.zip.length),
      'repr-digest': `sha-256=:${Buffer.from(found.sha256, 'hex').toString('base64')}:`,
      'cache-control': 'private, no-store',
    },
  });
}
