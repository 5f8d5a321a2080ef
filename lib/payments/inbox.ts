import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { anomalies, partnerInbox } from '@/db/schema';
import type { PendingReceipt } from '@/lib/receipts-pipeline/pending-receipt';

type Partner = (typeof partnerInbox.$inferInsert)['partner'];
type Outcome = NonNullable<(typeof partnerInbox.$inferInsert)['outcome']>;

export interface InboxEntry {
  partner: Partner;
  body: Buffer;
  signature: string | null;
  sourceAddress: string | null;
  /** Only a body whose signature verified is kept whole. */
  verified: boolean;
  /** How much of an unverified body is kept (its hash and length always are). */
  unverifiedPrefixBytes: number;
  enteId?: string;
  receiptId?: string;
  /** Set when the entry is settled at once (rejected); otherwise `settleInboxEntry` follows. */
  outcome?: Outcome;
  reason?: string;
  /** An acknowledged receipt that the sequencer appends later (lib/receipts-pipeline). */
  pendingReceipt?: PendingReceipt;
}

/** Headers are the sender's text: kept short and printable, so that the row can always be written. */
function storableSignature(signature: string | null): string | null {
  return signature === null ? null : signature.slice(0, 512).replace(/[^\x20-\x7e]/g, '?');
}

function storableReason(reason: string | undefined): string | undefined {
  return reason?.slice(0, 200);
}

/**
 * Stores what a partner sent, before anything is done with it. An unverified body is anyone's junk:
 * of it only a prefix is kept, with the hash and length of the whole, so that storing it costs little
 * and a forged body cannot fill the database.
 */
export async function storeInboxEntry(db: Database, entry: InboxEntry): Promise<number> {
  const kept = entry.verified ? entry.body : entry.body.subarray(0, entry.unverifiedPrefixBytes);
  const [row] = await db
    .insert(partnerInbox)
    .values({
      partner: entry.partner,
      enteId: entry.enteId,
      rawBody: kept,
      bodySha256: createHash('sha256').update(entry.body).digest('hex'),
      bodyBytes: entry.body.length,
      bodyTruncated: kept.length < entry.body.length,
      sourceAddress: entry.sourceAddress?.slice(0, 45) ?? null,
      signature: storableSignature(entry.signature),
      verified: entry.verified,
      receiptId: entry.receiptId,
      outcome: entry.outcome,
      verificationError: storableReason(entry.reason),
      processedAt: entry.outcome ? new Date() : undefined,
      pendingReceipt: entry.pendingReceipt,
    })
    .returning({ id: partnerInbox.id });
  return row!.id;
}

export interface InboxSettlement {
  id: number;
  outcome: Outcome;
  reason?: string;
}

/** Records what came of a stored entry. */
export async function settleInboxEntry(db: Pick<Database, 'execute'>, id: number, outcome: Outcome, reason?: string): Promise<void> {
  await settleInboxEntries(db, [{ id, outcome, reason }]);
}

/** Records what came of several stored entries in one statement (a sequencer batch); a pending receipt is done with. */
export async function settleInboxEntries(
  db: Pick<Database, 'execute'>,
  settlements: readonly InboxSettlement[],
  now = new Date(),
): Promise<void> {
  if (settlements.length === 0) return;
  const rows = settlements.map((s) => sql`(${s.id}::bigint, ${s.outcome}::inbox_outcome, ${storableReason(s.reason) ?? null}::varchar)`);
  await db.execute(sql`
    update ${partnerInbox} set outcome = v.outcome, verification_error = v.reason, processed_at = ${now.toISOString()}, pending_receipt = null
    from (values ${sql.join(rows, sql`, `)}) as v(id, outcome, reason)
    where ${partnerInbox.id} = v.id`);
}

/**
 * Deletes unverified entries received before `before` (the retention period, INBOX_RETENTION_DAYS).
 * Verified entries are the partners' own records and stay. Returns how many were deleted.
 */
export async function pruneUnverifiedInbox(db: Database, before: Date): Promise<number> {
  const deleted = await db
    .delete(partnerInbox)
    .where(
      and(
        eq(partnerInbox.verified, false),
        lt(partnerInbox.receivedAt, before),
        // An anomaly points at its entry; none should point at an unverified one, but never break that link.
        sql`not exists (select 1 from ${anomalies} where ${anomalies.inboxId} = ${partnerInbox.id})`,
      ),
    )
    .returning({ id: partnerInbox.id });
  return deleted.length;
}

/** The `before` for `pruneUnverifiedInbox`: `days` before `now`. */
export function inboxRetentionCutoff(days: number, now = new Date()): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}
