import type { z } from 'zod';
import type { Database } from '@/db';
import { isDataException } from '@/db/errors';
import type { Ente } from '@/db/schema';
import { readJsonBody } from '@/lib/http/limited-body';
import { readConfig } from '@/lib/config';
import { clientAddress } from '@/lib/http/client-address';
import { problem, tooManyRequests } from '@/lib/http/problem';
import { logger } from '@/lib/logger';
import { hitRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import { authenticateApiKey } from './keys';
import { API_SCOPE_LABELS, type ApiScope } from './scopes';

/** What every /api/v1 request starts with: the Ente of the Host, never one named by the caller. */
export interface ApiRequestContext {
  db: Database;
  ente: Ente;
  now: Date;
}

/** What every /api/v1 handler works with: the request's context and who is calling, for the audit log. */
export interface ApiContext extends ApiRequestContext {
  key: { id: string; label: string };
  address: string;
}

/** Per key, shared by every app instance (the counters are in PostgreSQL). */
export const API_RATE_LIMIT: RateLimitRule = { name: 'api-v1-key', limit: 600, windowSeconds: 60 };
/** A position is well under 2 KB; anything this big is not one. */
export const API_BODY_LIMIT_BYTES = 16 * 1024;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

export function unauthorized(): Response {
  return problem(
    401,
    'Chiave API mancante, non valida o revocata',
    "Invia la chiave dell'Ente nell'intestazione Authorization: Bearer <chiave>.",
    undefined,
    {
      'www-authenticate': 'Bearer realm="api"',
    },
  );
}

export function notFound(title: string): Response {
  return problem(404, title);
}

/** 400 with every invalid field, by its dotted path in the body or query string. */
export function invalidFields(errors: { field: string; message: string }[]): Response {
  return problem(400, 'I dati inviati non sono validi', 'Correggi i campi elencati in errors e riprova.', { errors });
}

/** One entry per invalid field; a field the schema does not know is named too, so the caller can find it. */
export function zodErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: 'Campo non previsto' }))
      : [{ field: issue.path.join('.'), message: issue.message }],
  );
}

/** The JSON body, or the problem that says why there is none: 415 not JSON, 413 too large, 400 unreadable. */
export async function readApiJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const body = await readJsonBody(request, API_BODY_LIMIT_BYTES);
  if (body.ok) return body;
  const titles = {
    400: 'Il corpo della richiesta non è JSON valido in UTF-8',
    413: `Il corpo della richiesta supera ${API_BODY_LIMIT_BYTES / 1024} KB`,
    415: 'Il corpo della richiesta deve essere application/json',
  };
  return { ok: false, response: problem(body.status, titles[body.status]) };
}

function bearerOf(request: Request): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.get('authorization') ?? '');
  return match ? match[1]! : null;
}

/** 403: a valid key without the scope of the operation. */
export function missingScope(scope: ApiScope): Response {
  return problem(
    403,
    'La chiave non può eseguire questa operazione',
    `Serve una chiave con l'ambito «${scope}» (${API_SCOPE_LABELS[scope]}): l'amministratore dell'Ente la crea in Impostazioni → Chiavi API.`,
  );
}

/**
 * The one way into /api/v1: the key must be a live key of the Host's Ente holding the operation's scope,
 * each key is rate-limited, and an unexpected error is a problem document, never a stack trace.
 */
export async function handleApiRequest(
  request: Request,
  context: ApiRequestContext,
  scope: ApiScope,
  handler: (context: ApiContext) => Promise<Response>,
  rateLimit: RateLimitRule = API_RATE_LIMIT,
): Promise<Response> {
  const presented = bearerOf(request);
  const key = presented ? await authenticateApiKey(context.db, context.ente.id, presented, context.now) : null;
  if (!key) return unauthorized();
  if (!key.scopes.includes(scope)) return missingScope(scope);
  const limited = await hitRateLimit(context.db, rateLimit, key.keyId, context.now);
  if (!limited.ok) return tooManyRequests(limited.retryAfterSeconds, 'chiamate con questa chiave');
  try {
    return await handler({
      ...context,
      key: { id: key.keyId, label: key.label },
      address: clientAddress(request.headers, readConfig().TRUSTED_PROXY_HOPS),
    });
  } catch (error) {
    // A value PostgreSQL refuses (out of range, malformed) is the caller's to fix, not a server fault.
    if (isDataException(error)) return problem(400, 'Un valore inviato non è accettabile');
    logger.error({ err: error, enteId: context.ente.id, keyId: key.keyId, path: new URL(request.url).pathname }, 'errore API v1');
    return problem(500, 'Errore interno: riprova più tardi');
  }
}
