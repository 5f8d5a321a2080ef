import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { isDataException, sqlStateOf } from '@/db/errors';
import { enti, type Ente } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { problem } from '@/lib/http/problem';
import type { PartnerReceipt } from '@/lib/partners/types';
import { hitRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import { settleInboxEntry, storeInboxEntry, type InboxEntry } from './inbox';
import { logPaymentStage } from './payment-log';
import { recordReceipt, type RecordOutcome } from './record-receipt';

/*
 * The steps every partner push endpoint shares (sandbox callback, GovPay receipts and reconciliation,
 * paSendRTV2): throttling unauthenticated senders, keeping what they sent under the Ente they name, and
 * recording an authenticated receipt once its body is stored.
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
    const reason = `Dati della ${what} non memorizzabili (SQLSTATE ${sqlStateOf(error)})`;
    await settleInboxEntry(db, inboxId, 'rejected', reason);
    return { ok: false, reason };
  }
}

export type PushedReceiptResult =
  | { ok: true; kind: RecordOutcome['kind']; /** receipt_created, duplicate or anomaly:<kind>. */ outcome: string }
  | { ok: false; reason: string };

/**
 * An authenticated receipt: its body is stored whole in the inbox, then the receipt is recorded and the
 * entry settled with what came of it.
 */
export async function recordPushedReceipt(
  db: Database,
  ente: Pick<Ente, 'id' | 'fiscalCode'>,
  partner: InboxEntry['partner'],
  receipt: PartnerReceipt,
  entry: InboxEntry,
): Promise<PushedReceiptResult> {
  const inboxId = await storeInboxEntry(db, { ...entry, receiptId: receipt.receiptId });
  const key = { noticeNumbers: [receipt.noticeNumber] };
  logPaymentStage('push_received', key, { partner, inboxId });
  const recorded = await processStoredEntry(db, inboxId, 'ricevuta', () => recordReceipt(db, ente, partner, receipt, inboxId));
  if (!recorded.ok) return recorded;
  const outcome = recorded.value;
  await settleInboxEntry(db, inboxId, outcome.kind);
  const described = outcome.kind === 'anomaly' ? `anomaly:${outcome.anomaly}` : outcome.kind;
  logPaymentStage('receipt_appended', key, { source: 'push', partner, inboxId, outcome: described });
  return { ok: true, kind: outcome.kind, outcome: described };
}
