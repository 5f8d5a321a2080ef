import type { Position } from '@/db/schema';
import { problem } from '@/lib/http/problem';
import { pdfResponse } from '@/lib/documents/access';
import { renderPositionNotice } from '@/lib/documents/position-documents';
import { cancelExternalPosition, findExternalPosition, upsertExternalPosition, type ExternalOutcome } from '@/lib/positions/external';
import { externalIdSchema, externalPositionSchema } from '@/lib/positions/external-schema';
import { loadPlan } from '@/lib/positions/plans';
import { invalidFields, jsonResponse, notFound, readApiJson, zodErrors, type ApiContext } from './http';
import { positionResource } from './resources';

/** The handlers of /api/v1/positions/{externalId}, behind handleApiRequest (key, rate limit). */

const POSITION_NOT_FOUND = 'Nessuna posizione con questo identificativo esterno';

function parseExternalId(raw: string): { ok: true; externalId: string } | { ok: false; response: Response } {
  const parsed = externalIdSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, externalId: parsed.data }
    : { ok: false, response: invalidFields([{ field: 'externalId', message: parsed.error.issues[0]!.message }]) };
}

/** A position as the API shows it, with its plan's instalments when it has a plan. */
async function resourceOf(context: ApiContext, position: Position) {
  const plan = position.planId ? await loadPlan(context.db, context.ente.id, position.planId) : [];
  return positionResource(context.ente, position, plan);
}

async function answer(context: ApiContext, outcome: ExternalOutcome): Promise<Response> {
  switch (outcome.kind) {
    case 'created':
      return jsonResponse(201, await resourceOf(context, outcome.position));
    case 'updated':
    case 'unchanged':
    case 'cancelled':
      return jsonResponse(200, await resourceOf(context, outcome.position));
    case 'invalid':
      return invalidFields(Object.entries(outcome.errors).map(([field, message]) => ({ field, message })));
    case 'not_found':
      return notFound(POSITION_NOT_FOUND);
    case 'conflict':
      return problem(409, outcome.message, undefined, { positionStatus: outcome.position.status });
  }
}

export async function putPosition(request: Request, context: ApiContext, rawExternalId: string): Promise<Response> {
  const id = parseExternalId(rawExternalId);
  if (!id.ok) return id.response;
  const body = await readApiJson(request);
  if (!body.ok) return body.response;
  const parsed = externalPositionSchema.safeParse(body.value);
  if (!parsed.success) return invalidFields(zodErrors(parsed.error));
  return answer(context, await upsertExternalPosition(context.db, context.ente, context, id.externalId, parsed.data, context.now));
}

export async function getPosition(_request: Request, context: ApiContext, rawExternalId: string): Promise<Response> {
  const id = parseExternalId(rawExternalId);
  if (!id.ok) return id.response;
  const position = await findExternalPosition(context.db, context.ente.id, id.externalId);
  return position ? jsonResponse(200, await resourceOf(context, position)) : notFound(POSITION_NOT_FOUND);
}

export async function deletePosition(_request: Request, context: ApiContext, rawExternalId: string): Promise<Response> {
  const id = parseExternalId(rawExternalId);
  if (!id.ok) return id.response;
  return answer(
    context,
    await cancelExternalPosition(context.db, context.ente.id, context, id.externalId, "Annullata dal sistema dell'Ente", context.now),
  );
}

export async function positionNoticePdf(_request: Request, context: ApiContext, rawExternalId: string): Promise<Response> {
  const id = parseExternalId(rawExternalId);
  if (!id.ok) return id.response;
  const position = await findExternalPosition(context.db, context.ente.id, id.externalId);
  if (!position) return notFound(POSITION_NOT_FOUND);
  return pdfResponse(await renderPositionNotice(context.db, context.ente, position), `avviso-${position.noticeNumber}.pdf`);
}
