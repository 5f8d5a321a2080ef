import { z } from 'zod';
import type { Database } from '@/db';
import { sqlStateOf } from '@/db/errors';
import { readConfig } from '@/lib/config';
import { clientAddress } from '@/lib/http/client-address';
import { readLimitedBody } from '@/lib/http/limited-body';
import { problem } from '@/lib/http/problem';
import { logger } from '@/lib/logger';
import { verifyInbound } from '@/lib/partners/connections';
import { UNVERIFIED_CALLBACK_LIMIT } from '@/lib/payments/callbacks';
import { settleInboxEntry, storeInboxEntry } from '@/lib/payments/inbox';
import { countPush, limitUnverified, processStoredEntry, refusalResponse, storeUnverifiedPush } from '@/lib/payments/push-inbox';
import { importGovpayRendicontazione } from './import';
import { govpayRendicontazioneSchema } from './schemas';

export interface PushAnswer {
  status: 200 | 201 | 400 | 401 | 413 | 429;
  title: string;
  retryAfterSeconds?: number;
}

const addressedSchema = z.object({ idDominio: z.string() });

/**
 * An unauthenticated push is anyone's: counted against its address and, when it names an Ente served by a
 * real partner, kept as a short unverified inbox row (prefix and hash) for that Ente's partner.
 */
async function refuseUnverified(
  db: Database,
  body: Buffer,
  fiscalCode: string | null,
  sourceAddress: string | null,
  answer: PushAnswer,
): Promise<PushAnswer> {
  const limited = await limitUnverified(db, UNVERIFIED_CALLBACK_LIMIT, sourceAddress);
  if (limited) return limited;
  await storeUnverifiedPush(db, { body, fiscalCode, sourceAddress, signature: null, reason: answer.title });
  return answer;
}

/**
 * GovPay's reconciliation push, from raw bytes to a stored flow payment. Authenticated with the Ente's
 * inbound credential (HTTP Basic or X-APP-ID/X-API-KEY) for the Ente the body names. A verified body is
 * stored whole in the inbox before it is processed; its outcome there is `receipt_created` when the
 * payment matched a receipt, `anomaly` when it matched none (or not its amount), `duplicate` when already
 * acquired, `rejected` when malformed. 201 new, 200 already acquired, 4xx final; transient faults throw.
 */
export async function receiveGovpayRendicontazione(
  db: Database,
  body: Buffer,
  headers: Headers,
  sourceAddress: string | null,
): Promise<PushAnswer> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return refuseUnverified(db, body, null, sourceAddress, { status: 400, title: 'Corpo non in formato JSON UTF-8' });
  }
  const addressed = addressedSchema.safeParse(json);
  if (!addressed.success) {
    return refuseUnverified(db, body, null, sourceAddress, { status: 400, title: 'idDominio assente o non valido' });
  }
  const verdict = await verifyInbound(db, 'govpay', addressed.data.idDominio, headers);
  if (!verdict.ok) return refuseUnverified(db, body, addressed.data.idDominio, sourceAddress, { status: 401, title: verdict.reason });

  const entry = {
    partner: verdict.ente.partner,
    enteId: verdict.ente.id,
    body,
    signature: null,
    sourceAddress,
    verified: true,
    unverifiedPrefixBytes: 0,
  };
  const parsed = govpayRendicontazioneSchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const title = `Rendicontazione non conforme${issue ? ` (${issue.path.join('.')}: ${issue.message})` : ''}`;
    await storeInboxEntry(db, { ...entry, outcome: 'rejected', reason: title });
    return { status: 400, title };
  }
  const inboxId = await storeInboxEntry(db, entry);
  const imported = await processStoredEntry(db, inboxId, 'rendicontazione', () =>
    importGovpayRendicontazione(db, verdict.ente, parsed.data),
  );
  if (!imported.ok) return { status: 400, title: imported.reason };
  const result = imported.value;
  if (result.kind === 'duplicate') {
    await settleInboxEntry(db, inboxId, 'duplicate');
    return { status: 200, title: 'Rendicontazione già acquisita' };
  }
  await settleInboxEntry(
    db,
    inboxId,
    result.matched ? 'receipt_created' : 'anomaly',
    result.matched ? undefined : 'Pagamento senza ricevuta corrispondente',
  );
  return { status: 201, title: 'Rendicontazione acquisita' };
}

/** The route handler's body, without Next. It never throws: a transient fault is 503, so that GovPay retries. */
export async function handleGovpayRendicontazioneRequest(request: Request, database: () => Promise<Database>): Promise<Response> {
  const response = await respondToRendicontazione(request, database);
  countPush('govpay', response.status);
  return response;
}

async function respondToRendicontazione(request: Request, database: () => Promise<Database>): Promise<Response> {
  try {
    const config = readConfig();
    const sourceAddress = clientAddress(request.headers, config.TRUSTED_PROXY_HOPS);
    const db = await database();
    const read = await readLimitedBody(request, config.CALLBACK_MAX_BODY_BYTES);
    const answer = read.ok
      ? await receiveGovpayRendicontazione(db, read.bytes, request.headers, sourceAddress)
      : await refuseUnverified(db, Buffer.alloc(0), null, sourceAddress, {
          status: 413,
          title: `Corpo della richiesta oltre ${config.CALLBACK_MAX_BODY_BYTES} byte`,
        });
    if (answer.status === 200 || answer.status === 201) {
      return Response.json({ esito: 'OK', descrizione: answer.title }, { status: answer.status, headers: { 'cache-control': 'no-store' } });
    }
    return refusalResponse(answer);
  } catch (error) {
    logger.warn(
      { err: error instanceof Error ? error.message : String(error), sqlState: sqlStateOf(error) },
      'rendicontazione GovPay: errore temporaneo',
    );
    return problem(503, 'Errore temporaneo: ripetere la notifica');
  }
}
