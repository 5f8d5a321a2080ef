import { exportZipResponse } from '@/lib/conservazione/downloads';
import { downloadConservazioneExportOfDay } from '@/lib/conservazione/queries';
import { invalidFields, notFound, zodErrors, type ApiContext } from './http';
import { preservationExportParamsSchema } from './schemas';

/**
 * GET /api/v1/preservation/exports/{day}, behind handleApiRequest (key, rate limit): the newest SInCRO ZIP
 * of the Ente's day, the bytes recorded when it was built, with their SHA-256 in Repr-Digest.
 */
export async function preservationExportZip(_request: Request, context: ApiContext, rawDay: string): Promise<Response> {
  const parsed = preservationExportParamsSchema.safeParse({ day: rawDay });
  if (!parsed.success) return invalidFields(zodErrors(parsed.error));
  const found = await downloadConservazioneExportOfDay(context.db, context.ente.id, parsed.data.day);
  return found ? exportZipResponse(found) : notFound('Nessun pacchetto di conservazione per questo giorno');
}
