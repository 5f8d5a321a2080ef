import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { sqlStateOf } from '@/db/errors';
import { enti, partnerCredentials } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { clientAddress } from '@/lib/http/client-address';
import { readLimitedBody } from '@/lib/http/limited-body';
import { problem } from '@/lib/http/problem';
import { logger } from '@/lib/logger';
import { sandboxCallbackSchema } from '@/lib/partners/receipt-schema';
import { verifySignature } from '@/lib/partners/signature';
import { kickSequencer } from '@/lib/receipts-pipeline/trigger';
import type { RateLimitRule } from '@/lib/security/rate-limit';
import { storeInboxEntry } from './inbox';
import { acceptPushedReceipt, countPush, limitUnverified, refusalResponse, type AcceptedReceipt } from './push-inbox';

export interface CallbackResponse {
  status: 200 | 400 | 401 | 413 | 429;
  title: string;
  /** With 200: the receipt is stored and waits for the sequencer of `accepted.enteId`. */
  accepted?: AcceptedReceipt;
  /** With 429. */
  retryAfterSeconds?: number;
}

export interface CallbackOptions {
  /** The client address, for the rate limit and the inbox row. */
  sourceAddress?: string;
  nowSeconds?: number;
}

/**
 * Callbacks that fail before their signature verifies, per client address. A real partner signs every
 * callback, so its traffic never counts here and is never throttled; a prober is stopped after a few.
 */
export const UNVERIFIED_CALLBACK_LIMIT: RateLimitRule = { name: 'callback-unverified', limit: 20, windowSeconds: 60 };

/** Just enough of the body to know whose secret verifies it. */
const addressedSchema = z.object({ creditorFiscalCode: z.string().regex(/^[0-9]{11}$/) });

type Unverified = { status: 400 | 401; reason: string; enteId?: string };
type Verified = { json: unknown; ente: { id: string; fiscalCode: string } };

/**
 * Finds the Ente a body claims to be for and checks the signature with that Ente's secret. Only an Ente
 * whose current partner is the sandbox counts: a credential row left behind when an Ente moved to
 * another partner accepts nothing.
 */
async function verifyBody(db: Database, body: Buffer, signature: string | null, nowSeconds?: number): Promise<Verified | Unverified> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return { status: 400, reason: 'Corpo non in formato JSON UTF-8' };
  }
  const addressed = addressedSchema.safeParse(json);
  if (!addressed.success) return { status: 400, reason: 'Codice fiscale dell’Ente creditore assente o non valido' };
  const [ente] = await db
    .select({ id: enti.id, fiscalCode: enti.fiscalCode, secret: partnerCredentials.callbackSecret })
    .from(enti)
    .innerJoin(partnerCredentials, and(eq(partnerCredentials.enteId, enti.id), eq(partnerCredentials.partner, 'sandbox')))
    .where(and(eq(enti.fiscalCode, addressed.data.creditorFiscalCode), eq(enti.partner, 'sandbox')));
  if (!ente) return { status: 401, reason: 'Ente sconosciuto o non servito da questo partner' };
  const check = verifySignature(ente.secret, body, signature, nowSeconds);
  if (!check.ok) return { status: 401, reason: `Firma rifiutata: ${check.reason}`, enteId: ente.id };
  return { json, ente: { id: ente.id, fiscalCode: ente.fiscalCode } };
}

function schemaProblem(error: z.ZodError): string {
  const [issue] = error.issues;
  return `Corpo non conforme allo schema della ricevuta${issue ? ` (${issue.path.join('.')}: ${issue.message})` : ''}`;
}

/**
 * A sandbox callback, from raw bytes to an acknowledged receipt. A verified, schema-valid body is stored
 * whole with the receipt it carries, and that is the acknowledgement: the sequencer appends it right
 * after (the route kicks it), so that nothing a partner sends is lost and the partner does not wait for
 * the chain. An unverified one is counted against its address and only its prefix and hash are kept
 * (nothing at all once the address is over the limit). Data the database cannot hold is a 400, since
 * retrying cannot fix it; transient failures (database down) throw, and the route answers 503 so that
 * the partner retries.
 */
export async function receiveSandboxCallback(
  db: Database,
  rawBody: Buffer | string,
  signature: string | null,
  options: CallbackOptions = {},
): Promise<CallbackResponse> {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  const { UNVERIFIED_BODY_PREFIX_BYTES } = readConfig();
  const sourceAddress = options.sourceAddress ?? null;
  const entry = { partner: 'sandbox' as const, body, signature, sourceAddress, unverifiedPrefixBytes: UNVERIFIED_BODY_PREFIX_BYTES };

  const verdict = await verifyBody(db, body, signature, options.nowSeconds);
  if (!('json' in verdict)) {
    const limited = await limitUnverified(db, UNVERIFIED_CALLBACK_LIMIT, sourceAddress);
    if (limited) return limited;
    await storeInboxEntry(db, { ...entry, verified: false, enteId: verdict.enteId, outcome: 'rejected', reason: verdict.reason });
    return { status: verdict.status, title: verdict.reason };
  }

  const verified = { ...entry, verified: true, enteId: verdict.ente.id };
  const parsed = sandboxCallbackSchema.safeParse(verdict.json);
  if (!parsed.success || parsed.data.receipt.creditorFiscalCode !== parsed.data.creditorFiscalCode) {
    const reason = parsed.success ? 'Ente della ricevuta incoerente' : schemaProblem(parsed.error);
    await storeInboxEntry(db, { ...verified, outcome: 'rejected', reason });
    return { status: 400, title: reason };
  }
  // The body as received is the receipt's original document: its bytes are kept and hashed into the chain.
  const receipt = { ...parsed.data.receipt, original: { format: 'json' as const, bytes: body } };
  const accepted = await acceptPushedReceipt(db, verdict.ente, receipt, verified);
  if (!accepted.ok) return { status: 400, title: accepted.reason };
  return { status: 200, title: 'Ricevuta acquisita', accepted };
}

function answer(result: CallbackResponse): Response {
  if (result.status === 200) return Response.json({ status: 'ok', outcome: 'accepted' }, { headers: { 'cache-control': 'no-store' } });
  return refusalResponse(result);
}

/**
 * The sandbox callback endpoint, without Next: 200 `accepted` once a receipt is stored (what becomes of
 * it, receipt, duplicate or anomaly, is the sequencer's business, and the partner stops either way); 4xx
 * for what retrying cannot fix; 503 only for transient faults. It never throws, so that a storm during a
 * database outage leaves no uncaught errors.
 */
export async function handleSandboxCallbackRequest(request: Request, database: () => Promise<Database>): Promise<Response> {
  const response = await respondToCallback(request, database);
  countPush('sandbox', response.status);
  return response;
}

async function respondToCallback(request: Request, database: () => Promise<Database>): Promise<Response> {
  try {
    const config = readConfig();
    if (!config.SANDBOX_ENABLED) return problem(404, 'Risorsa non trovata');
    const sourceAddress = clientAddress(request.headers, config.TRUSTED_PROXY_HOPS);
    const db = await database();
    const read = await readLimitedBody(request, config.CALLBACK_MAX_BODY_BYTES);
    if (!read.ok) {
      const limited = await limitUnverified(db, UNVERIFIED_CALLBACK_LIMIT, sourceAddress);
      return answer(limited ?? { status: 413, title: `Corpo della richiesta oltre ${config.CALLBACK_MAX_BODY_BYTES} byte` });
    }
    const result = await receiveSandboxCallback(db, read.bytes, request.headers.get('x-signature'), { sourceAddress });
    if (result.accepted) kickSequencer(db, result.accepted.enteId);
    return answer(result);
  } catch (error) {
    // Expected during a database restart: the partner retries. The body is never logged.
    const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
    logger.warn(
      { err: error instanceof Error ? error.message : String(error), code, sqlState: sqlStateOf(error) },
      'callback sandbox: errore temporaneo',
    );
    return problem(503, 'Errore temporaneo: ripetere la notifica');
  }
}
