import type { Database } from '@/db';
import { sqlStateOf } from '@/db/errors';
import { readConfig } from '@/lib/config';
import { clientAddress } from '@/lib/http/client-address';
import { readLimitedBody } from '@/lib/http/limited-body';
import { problem } from '@/lib/http/problem';
import { logger } from '@/lib/logger';
import { storeInboxEntry, type InboxEntry } from '@/lib/payments/inbox';
import {
  acceptPushedReceipt,
  countPush,
  limitUnverified,
  refusalResponse,
  storeUnverifiedPush,
  type AcceptedReceipt,
} from '@/lib/payments/push-inbox';
import { kickSequencer } from '@/lib/receipts-pipeline/trigger';
import type { RateLimitRule } from '@/lib/security/rate-limit';
import { presentedCredential, verifyInbound } from '../connections';
import { receiptOfRicevuta, RicevutaError, ricevutaSchema } from './ricevuta';

/*
 * GovPay's receipt notification, `PUT {ecBaseUrl}/ricevute/{idDominio}/{iuv}/{idRicevuta}` (API Ente
 * v2, reference partners.md §1.5), modelled on the sandbox callback (lib/payments/callbacks.ts). GovPay
 * has no signature: its connector presents the Ente's inbound credential (HTTP Basic or X-APP-ID and
 * X-API-KEY). GovPay retries anything but a 2xx and a duplicate "può essere esitata con successo", so
 * every receipt we hold answers 201 as soon as it is stored (whether it is new, a duplicate or an anomaly
 * kept for staff is settled right after by the sequencer); 4xx only for what a retry cannot fix; 503 for
 * transient faults.
 */

export interface GovpayReceiptPath {
  idDominio: string;
  iuv: string;
  idRicevuta: string;
}

export interface GovpayPushResponse {
  status: 201 | 400 | 401 | 413 | 429;
  title: string;
  /** With 201: the receipt is stored and waits for the sequencer of `accepted.enteId`. */
  accepted?: AcceptedReceipt;
  retryAfterSeconds?: number;
}

/** Pushes that fail authentication, per client address: GovPay itself always authenticates, a prober is stopped. */
export const UNVERIFIED_GOVPAY_PUSH_LIMIT: RateLimitRule = { name: 'govpay-push-unverified', limit: 20, windowSeconds: 60 };

const IUV = /^[0-9A-Za-z]{1,35}$/;
const RECEIPT_ID = /^[\x21-\x7e]{1,1024}$/;

/** The principal that authenticated (never the secret): what the inbox row's `signature` column keeps. */
function principalOf(headers: Headers): string | null {
  const presented = presentedCredential(headers);
  return presented ? `${presented.auth}:${presented.principal}` : null;
}

/**
 * One pushed Ricevuta, from raw bytes to an acknowledged receipt. A refused credential is counted against
 * the address and only a prefix of the body is kept (nothing for an unknown Ente, nothing over the limit).
 * An authenticated, valid body is stored whole with its receipt for the sequencer, and acknowledged.
 */
export async function receiveGovpayReceipt(
  db: Database,
  path: GovpayReceiptPath,
  headers: Headers,
  body: Buffer,
  options: { sourceAddress?: string } = {},
): Promise<GovpayPushResponse> {
  const sourceAddress = options.sourceAddress ?? null;
  const signature = principalOf(headers);

  const verdict = await verifyInbound(db, 'govpay', path.idDominio, headers);
  if (!verdict.ok) {
    const limited = await limitUnverified(db, UNVERIFIED_GOVPAY_PUSH_LIMIT, sourceAddress);
    if (limited) return limited;
    await storeUnverifiedPush(db, { body, fiscalCode: path.idDominio, sourceAddress, signature, reason: verdict.reason });
    return { status: 401, title: verdict.reason };
  }

  const ente = verdict.ente;
  const verified: InboxEntry = {
    body,
    signature,
    sourceAddress,
    partner: ente.partner,
    enteId: ente.id,
    verified: true,
    unverifiedPrefixBytes: 0,
  };
  const refuse = async (reason: string): Promise<GovpayPushResponse> => {
    await storeInboxEntry(db, { ...verified, outcome: 'rejected', reason });
    return { status: 400, title: reason };
  };

  if (!IUV.test(path.iuv) || !RECEIPT_ID.test(path.idRicevuta))
    return refuse('IUV o identificativo della ricevuta non validi nel percorso');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return refuse('Corpo non in formato JSON UTF-8');
  }
  const parsed = ricevutaSchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return refuse(`Corpo non conforme a Ricevuta${issue ? ` (${issue.path.join('.')}: ${issue.message})` : ''}`);
  }
  const ricevuta = parsed.data;
  if (ricevuta.dominio.idDominio !== path.idDominio || ricevuta.iuv !== path.iuv || ricevuta.idRicevuta !== path.idRicevuta)
    return refuse('Dominio, IUV o idRicevuta del corpo diversi da quelli del percorso');
  let receipt;
  try {
    receipt = receiptOfRicevuta(ricevuta, body);
  } catch (error) {
    if (error instanceof RicevutaError) return refuse(error.message);
    throw error;
  }
  if (receipt.creditorFiscalCode !== path.idDominio || receipt.creditorReferenceId !== path.iuv)
    return refuse('Ente creditore o IUV della ricevuta (rt) diversi da quelli del percorso');

  const accepted = await acceptPushedReceipt(db, ente, receipt, verified);
  if (!accepted.ok) return { status: 400, title: accepted.reason };
  return { status: 201, title: 'Ricevuta acquisita', accepted };
}

function answer(result: GovpayPushResponse): Response {
  if (result.status === 201)
    return Response.json({ status: 'ok', outcome: 'accepted' }, { status: 201, headers: { 'cache-control': 'no-store' } });
  return refusalResponse(result);
}

/** The endpoint without Next. It never throws: a database outage is a 503, and GovPay retries. */
export async function handleGovpayReceiptRequest(
  request: Request,
  path: GovpayReceiptPath,
  database: () => Promise<Database>,
): Promise<Response> {
  const response = await respondToReceipt(request, path, database);
  countPush('govpay', response.status);
  return response;
}

async function respondToReceipt(request: Request, path: GovpayReceiptPath, database: () => Promise<Database>): Promise<Response> {
  try {
    const config = readConfig();
    const sourceAddress = clientAddress(request.headers, config.TRUSTED_PROXY_HOPS);
    const db = await database();
    const read = await readLimitedBody(request, config.CALLBACK_MAX_BODY_BYTES);
    if (!read.ok) {
      const verdict = await verifyInbound(db, 'govpay', path.idDominio, request.headers);
      const limited = verdict.ok ? null : await limitUnverified(db, UNVERIFIED_GOVPAY_PUSH_LIMIT, sourceAddress);
      if (limited) return answer(limited);
      if (!verdict.ok) return answer({ status: 401, title: verdict.reason });
      return answer({ status: 413, title: `Corpo della richiesta oltre ${config.CALLBACK_MAX_BODY_BYTES} byte` });
    }
    const result = await receiveGovpayReceipt(db, path, request.headers, read.bytes, { sourceAddress });
    if (result.accepted) kickSequencer(db, result.accepted.enteId);
    return answer(result);
  } catch (error) {
    // Expected during a database restart: GovPay retries. The body is never logged.
    logger.warn(
      { err: error instanceof Error ? error.message : String(error), sqlState: sqlStateOf(error) },
      'ricevuta GovPay: errore temporaneo',
    );
    return problem(503, 'Errore temporaneo: ripetere la notifica');
  }
}
