import type { Database } from '@/db';
import { sqlStateOf } from '@/db/errors';
import { readConfig } from '@/lib/config';
import { clientAddress } from '@/lib/http/client-address';
import { readLimitedBody } from '@/lib/http/limited-body';
import { logger } from '@/lib/logger';
import { parseReceiptXml, ReceiptXmlError, type ReceiptEnvelope } from '@/lib/pagopa/receipt-xml';
import { storeInboxEntry } from '@/lib/payments/inbox';
import { acceptPushedReceipt, countPush, limitUnverified, storeUnverifiedPush, type AcceptedReceipt } from '@/lib/payments/push-inbox';
import { kickSequencer } from '@/lib/receipts-pipeline/trigger';
import type { RateLimitRule } from '@/lib/security/rate-limit';
import { presentedCredential, verifyInbound } from '../connections';
import { validatePartnerReceipt } from '../receipt-schema';
import type { PartnerReceipt } from '../types';
import { paSendRTV2Response, type PaFault } from './soap';

/*
 * Receipts pushed to us as a pagoPA "stazione di broadcast" (SOAP paSendRTV2, reference partners.md §2.2).
 * How the Nodo authenticates to a broadcast station is unverified, so we accept only what the Ente's
 * intermediary forwards with the Ente's inbound credential (HTTP Basic or X-APP-ID/X-API-KEY).
 *
 * HTTP status: 200 for every SOAP answer, OK or KO (SOAP practice: the outcome is in the body), except
 * 401 for absent or wrong credentials, 413 for an oversized body, 429 for too many unauthenticated calls
 * and 503 (with a KO PAA_SYSTEM_ERROR body) for a transient fault, so that the sender retries.
 */

export interface PushAnswer {
  status: 200 | 401 | 413 | 429 | 503;
  /** KO when present. */
  fault?: PaFault;
  /** With OK: the receipt is stored and waits for the sequencer of `accepted.enteId`. */
  accepted?: AcceptedReceipt;
  retryAfterSeconds?: number;
}

/** Unauthenticated pushes per client address: a prober is stopped after a few; the intermediary never counts here. */
export const UNVERIFIED_PUSH_LIMIT: RateLimitRule = { name: 'gpd-push-unverified', limit: 20, windowSeconds: 60 };

/** idPA of a paSendRTV2Request, found without parsing (for documents the parser refuses). */
const IDPA_PATTERN = /<(?:[A-Za-z_][\w.-]*:)?idPA>\s*([0-9]{11})\s*<\//;

const ko = (code: PaFault['code'], description: string, id?: string): PushAnswer => ({ status: 200, fault: { code, description, id } });

/**
 * One paSendRTV2 push, from raw bytes to receipt. Order: a credential must be presented at all; it must
 * be the inbound one of the Ente named by idPA; the document must be a paSendRTV2Request with a receipt
 * of that Ente. Whatever an authenticated sender pushes is stored whole, malformed or not, before it is
 * processed; a valid receipt is answered OK once stored, and the sequencer appends it right after,
 * idempotently on the receipt id (a duplicate, or an anomaly kept for staff, was OK to send too).
 * Transient failures throw: the route answers 503.
 */
export async function receiveGpdReceiptPush(
  db: Database,
  body: Buffer,
  headers: Headers,
  options: { sourceAddress?: string } = {},
): Promise<PushAnswer> {
  const sourceAddress = options.sourceAddress ?? null;
  const presented = presentedCredential(headers);
  if (!presented) {
    const limited = await limitUnverified(db, UNVERIFIED_PUSH_LIMIT, sourceAddress);
    return limited ?? { status: 401, fault: { code: 'PAA_ID_DOMINIO_ERRATO', description: 'Credenziali assenti' } };
  }

  let parsed: { receipt: PartnerReceipt; envelope: ReceiptEnvelope } | undefined;
  let malformed: string | undefined;
  try {
    parsed = parseReceiptXml(body);
    if (!parsed.envelope.idPA) malformed = 'Richiesta paSendRTV2Request (con idPA) assente';
  } catch (error) {
    if (!(error instanceof ReceiptXmlError)) throw error;
    malformed = error.message;
  }
  // A document we cannot read may still come from the Ente's intermediary: its idPA, if it can be found,
  // says whose credential to check, so that an authenticated mistake is kept whole, not dropped.
  const idPA = parsed?.envelope.idPA ?? IDPA_PATTERN.exec(body.toString('utf8'))?.[1];
  if (!idPA) {
    const limited = await limitUnverified(db, UNVERIFIED_PUSH_LIMIT, sourceAddress);
    return limited ?? ko('PAA_SINTASSI_XSD', malformed ?? 'idPA assente');
  }
  const verdict = await verifyInbound(db, 'gpd_checkout', idPA, headers);
  if (!verdict.ok) {
    const limited = await limitUnverified(db, UNVERIFIED_PUSH_LIMIT, sourceAddress);
    if (limited) return limited;
    // The inbox row needs a partner code: pushes naming nobody we know on a real partner are only logged.
    if (!(await storeUnverifiedPush(db, { body, fiscalCode: idPA, sourceAddress, signature: null, reason: verdict.reason })))
      logger.warn({ sourceAddress, reason: verdict.reason }, 'paSendRTV2 non autenticato per un Ente sconosciuto: non memorizzato');
    return { status: 401, fault: { code: 'PAA_ID_DOMINIO_ERRATO', description: 'Ente sconosciuto o credenziali non valide', id: idPA } };
  }

  const { ente } = verdict;
  const entry = {
    partner: ente.partner,
    enteId: ente.id,
    body,
    // Who presented it, never the secret.
    signature: `${presented.auth}:${presented.principal}`,
    sourceAddress,
    verified: true,
    unverifiedPrefixBytes: 0,
  };
  if (malformed || !parsed) {
    const reason = malformed ?? 'Documento non leggibile';
    await storeInboxEntry(db, { ...entry, outcome: 'rejected', reason });
    return ko('PAA_SINTASSI_XSD', reason, idPA);
  }
  const { receipt } = parsed;
  // A multi-beneficiary receipt also reaches the other beneficiaries with their own idPA: we only record our own.
  if (receipt.creditorFiscalCode !== ente.fiscalCode) {
    const reason = `Ricevuta di un altro Ente creditore (${receipt.creditorFiscalCode.slice(0, 11)})`;
    await storeInboxEntry(db, { ...entry, outcome: 'rejected', reason });
    return ko('PAA_ID_DOMINIO_ERRATO', reason, idPA);
  }
  const checked = validatePartnerReceipt(receipt);
  if (!checked.success) {
    const [issue] = checked.error.issues;
    const reason = `Ricevuta non conforme${issue ? ` (${issue.path.join('.')}: ${issue.message})` : ''}`;
    await storeInboxEntry(db, { ...entry, outcome: 'rejected', reason });
    return ko('PAA_SINTASSI_XSD', reason, idPA);
  }

  const accepted = await acceptPushedReceipt(db, ente, receipt, entry);
  if (!accepted.ok) return ko('PAA_SINTASSI_XSD', accepted.reason, idPA);
  return { status: 200, accepted };
}

function soapAnswer(answer: PushAnswer): Response {
  return new Response(paSendRTV2Response(answer.fault), {
    status: answer.status,
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      'cache-control': 'no-store',
      ...(answer.retryAfterSeconds ? { 'retry-after': String(answer.retryAfterSeconds) } : {}),
      ...(answer.status === 401 ? { 'www-authenticate': 'Basic realm="pagopa-ricevute"' } : {}),
    },
  });
}

/** SOAP 1.1 names the operation in SOAPAction (quoted or not); SOAP 1.2 in the content type's action. */
function operationOf(headers: Headers): string | null {
  const action = headers.get('soapaction') ?? /action="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1] ?? null;
  return action === null ? null : action.replace(/"/g, '').trim();
}

/**
 * The paSendRTV2 endpoint, without Next. It never throws, so that a storm during a database outage
 * leaves no uncaught errors; the body is never logged.
 */
export async function handleGpdReceiptPushRequest(request: Request, database: () => Promise<Database>): Promise<Response> {
  const answer = await answerPush(request, database);
  countPush('pagopa', answer.status, answer.status === 200 && !answer.fault);
  return soapAnswer(answer);
}

async function answerPush(request: Request, database: () => Promise<Database>): Promise<PushAnswer> {
  try {
    const config = readConfig();
    const operation = operationOf(request.headers);
    if (operation !== null && operation !== 'paSendRTV2' && !operation.endsWith('/paSendRTV2'))
      return ko('PAA_SINTASSI_XSD', `Operazione non supportata: ${operation.slice(0, 60)}`);
    const sourceAddress = clientAddress(request.headers, config.TRUSTED_PROXY_HOPS);
    const db = await database();
    const read = await readLimitedBody(request, config.CALLBACK_MAX_BODY_BYTES);
    if (!read.ok) {
      const limited = await limitUnverified(db, UNVERIFIED_PUSH_LIMIT, sourceAddress);
      return (
        limited ?? { status: 413, fault: { code: 'PAA_SINTASSI_XSD', description: `Corpo oltre ${config.CALLBACK_MAX_BODY_BYTES} byte` } }
      );
    }
    const answer = await receiveGpdReceiptPush(db, read.bytes, request.headers, { sourceAddress });
    if (answer.accepted) kickSequencer(db, answer.accepted.enteId);
    return answer;
  } catch (error) {
    logger.warn(
      { err: error instanceof Error ? error.message : String(error), sqlState: sqlStateOf(error) },
      'paSendRTV2: errore temporaneo',
    );
    return { status: 503, fault: { code: 'PAA_SYSTEM_ERROR', description: 'Errore temporaneo: ripetere l’invio' } };
  }
}
