import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { isDataException, sqlStateOf } from '@/db/errors';
import { enti, type Ente } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { problem } from '@/lib/http/problem';
import { metrics } from '@/lib/metrics/registry';
import type { PartnerReceipt } from '@/lib/partners/types';
import { pendingReceiptOf } from '@/lib/receipts-pipeline/pending-receipt';
import { hitRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import { settleInboxEntry, storeInboxEntry, type InboxEntry } from './inbox';
import { logPaymentStage } from './payment-log';

/*
 * The steps every partner push endpoint shares (sandbox callback, GovPay receipts and reconciliation,
 * paSendRTV2): throttling unauthenticated senders, keeping what they sent under the Ente they name,
 * accepting an authenticated receipt for the sequencer once its body is stored, counting the answers.
 */

export interface TooManyUnverified {
  status: 429;
  title: string;
  retryAfterSeconds: number;
}

/**
 * Counts one unauthenticated push against its address; over the limit, the 429 to answer (and nothing is
 * stored). A real partner always authenticates, so its traffic never counts here.
 */
export async function limitUnverified(db: Database, rule: RateLimitRule, sourceAddress: string | null): Promise<TooManyUnverified | null> {
  const hit = await hitRateLimit(db, rule, sourceAddress ?? 'sconosciuto');
  return hit.ok
    ? null
    : { status: 429, title: 'Troppe notifiche non autenticate da questo indirizzo', retryAfterSeconds: hit.retryAfterSeconds };
}

/** A refused push as problem+json, with Retry-After when the sender was throttled. */
export function refusalResponse(refusal: { status: number; title: string; retryAfterSeconds?: number }): Response {
  return problem(
    refusal.status,
    refusal.title,
    undefined,
    undefined,
    refusal.retryAfterSeconds ? { 'retry-after': String(refusal.retryAfterSeconds) } : undefined,
  );
}

export interface UnverifiedPush {
  body: Buffer;
  /** The fiscal code the push names, as sent. */
  fiscalCode: string | null | undefined;
  sourceAddress: string | null;
  /** Who presented it, never the secret. */
  signature: string | null;
  reason: string;
}

/**
 * Keeps the prefix (and hash) of an unauthenticated push under the Ente it names, when that Ente is on a
 * real partner: the inbox row needs a partner code. Returns false when nothing was stored.
 */
export async function storeUnverifiedPush(db: Database, push: UnverifiedPush): Promise<boolean> {
  const { fiscalCode } = push;
  const [ente] =
    fiscalCode && /^[0-9]{11}$/.test(fiscalCode)
      ? await db.select({ id: enti.id, partner: enti.partner }).from(enti).where(eq(enti.fiscalCode, fiscalCode))
      : [];
  if (!ente?.partner || ente.partner === 'sandbox') return false;
  await storeInboxEntry(db, {
    partner: ente.partner,
    enteId: ente.id,
    body: push.body,
    signature: push.signature,
    sourceAddress: push.sourceAddress,
    verified: false,
    unverifiedPrefixBytes: readConfig().UNVERIFIED_BODY_PREFIX_BYTES,
    outcome: 'rejected',
    reason: push.reason,
  });
  return true;
}

/** Why the database refused an entry's data (class 22): final, a retry cannot fix it. */
export function unstorableReason(what: string, error: unknown): string {
  return `Dati della ${what} non memorizzabili (SQLSTATE ${sqlStateOf(error)})`;
}

/**
 * Runs what a stored, authenticated entry asks for. Data the database cannot hold is final (a retry
 * cannot fix it): the entry is settled as rejected and the reason returned. Transient failures throw.
 */
export async function processStoredEntry<T>(
  db: Database,
  inboxId: number,
  what: string,
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!isDataException(error)) throw error;
    const reason = unstorableReason(what, error);
    await settleInboxEntry(db, inboxId, 'rejected', reason);
    return { ok: false, reason };
  }
}

/** A receipt acknowledged to its partner: the sequencer of its Ente appends it (kickSequencer). */
export interface AcceptedReceipt {
  enteId: string;
  inboxId: number;
}

export type PushedReceiptResult = ({ ok: true } & AcceptedReceipt) | { ok: false; reason: string };

/**
 * An authenticated, schema-valid receipt: its body is stored whole in the inbox together with what the
 * sequencer needs to append it. Once this returns the receipt is durable and the partner may be told so;
 * whether it becomes a receipt, a duplicate or an anomaly is settled by the sequencer right after. Data
 * the database cannot hold is kept as a rejected entry (a retry cannot fix it); transient failures throw.
 */
export async function acceptPushedReceipt(
  db: Database,
  ente: Pick<Ente, 'id'>,
  receipt: PartnerReceipt,
  entry: InboxEntry,
): Promise<PushedReceiptResult> {
  const stored = { ...entry, enteId: ente.id, receiptId: receipt.receiptId };
  try {
    const inboxId = await storeInboxEntry(db, { ...stored, pendingReceipt: pendingReceiptOf(receipt, entry.body) });
    logPaymentStage('push_received', { noticeNumbers: [receipt.noticeNumber] }, { partner: entry.partner, inboxId });
    return { ok: true, enteId: ente.id, inboxId };
  } catch (error) {
    if (!isDataException(error)) throw error;
    const reason = unstorableReason('ricevuta', error);
    await storeInboxEntry(db, { ...stored, outcome: 'rejected', reason });
    return { ok: false, reason };
  }
}

/** What a partner was told, for the pushes metric: 2xx accepted, or why not. */
const REFUSALS: Record<number, string> = {
  400: 'rejected',
  401: 'unauthorized',
  404: 'disabled',
  413: 'too_large',
  429: 'throttled',
  503: 'unavailable',
};

/** Counts one push by its answer; `accepted` false for a 2xx that refuses in its body (a SOAP KO). */
export function countPush(partner: string, status: number, accepted = status >= 200 && status < 300): void {
  const outcome = accepted ? 'accepted' : status >= 200 && status < 300 ? 'rejected' : (REFUSALS[status] ?? `http_${status}`);
  metrics().callbackOutcomes.inc({ partner, outcome });
}
