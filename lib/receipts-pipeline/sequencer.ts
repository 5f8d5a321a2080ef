import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '@/db';
import { isDataException } from '@/db/errors';
import { enti, partnerInbox } from '@/db/schema';
import { metrics } from '@/lib/metrics/registry';
import { ChainHead, type Tx } from '@/lib/payments/chain-head';
import { settleInboxEntries, type InboxSettlement } from '@/lib/payments/inbox';
import { unstorableReason } from '@/lib/payments/push-inbox';
import { logPaymentStage } from '@/lib/payments/payment-log';
import { appendReceipt, type RecordOutcome } from '@/lib/payments/record-receipt';
import { receiptOfPending } from './pending-receipt';
import { trySequencingRight } from './sequencing-right';

/*
 * The sequencer: appends the acknowledged receipts of one Ente (partner_inbox rows with a pending_receipt)
 * to its hash chain in arrival order, in batches, one transaction per batch: the sequencing right, one
 * lock and one update of the chain head, many appends, one statement settling the entries (group
 * commit). Any instance may run it for any Ente; the right makes sure only one does at a time, and a
 * batch that dies with its instance rolls back whole and is appended by the next one.
 */

/** Receipts per transaction: enough to share the commit, few enough to hold the Ente's locks briefly. */
export const BATCH_SIZE = 64;

type Settled = InboxSettlement & { partner: (typeof partnerInbox.$inferSelect)['partner']; receivedAt: Date; noticeNumber: string };

type PendingEntry = Pick<typeof partnerInbox.$inferSelect, 'id' | 'partner' | 'rawBody' | 'receivedAt'> & {
  pendingReceipt: NonNullable<(typeof partnerInbox.$inferSelect)['pendingReceipt']>;
};

/**
 * One entry, in a savepoint: data the database refuses (class 22) rolls back this entry alone, which is
 * settled as rejected, and the batch goes on. Any other error fails the batch, to be tried again whole.
 */
async function appendEntry(tx: Tx, head: ChainHead, fiscalCode: string, entry: PendingEntry): Promise<InboxSettlement> {
  const receipt = receiptOfPending(entry.pendingReceipt, entry.rawBody);
  if (receipt.creditorFiscalCode !== fiscalCode) return { id: entry.id, outcome: 'rejected', reason: 'Ricevuta di un altro Ente' };
  const mark = head.mark();
  try {
    const outcome: RecordOutcome = await tx.transaction((savepoint) => appendReceipt(savepoint, head, entry.partner, receipt, entry.id));
    return { id: entry.id, outcome: outcome.kind };
  } catch (error) {
    head.restore(mark);
    if (!isDataException(error)) throw error;
    return { id: entry.id, outcome: 'rejected', reason: unstorableReason('ricevuta', error) };
  }
}

/**
 * Appends up to `limit` pending entries of the Ente, oldest first, in one transaction. 'busy' when
 * another transaction holds the Ente's sequencing right (it appends them instead); otherwise how many
 * entries were settled (0: none was pending).
 */
export async function sequenceBatch(db: Database, enteId: string, limit = BATCH_SIZE): Promise<'busy' | number> {
  const settled = await db.transaction(async (tx): Promise<'busy' | Settled[]> => {
    if (!(await trySequencingRight(tx, enteId))) return 'busy';
    const entries = (await tx
      .select({
        id: partnerInbox.id,
        partner: partnerInbox.partner,
        rawBody: partnerInbox.rawBody,
        receivedAt: partnerInbox.receivedAt,
        pendingReceipt: partnerInbox.pendingReceipt,
      })
      .from(partnerInbox)
      .where(and(eq(partnerInbox.enteId, enteId), isNotNull(partnerInbox.pendingReceipt)))
      .orderBy(asc(partnerInbox.id))
      .limit(limit)) as PendingEntry[];
    if (entries.length === 0) return [];
    const [ente] = await tx.select({ fiscalCode: enti.fiscalCode }).from(enti).where(eq(enti.id, enteId));
    const head = await ChainHead.lock(tx, enteId);
    const results: Settled[] = [];
    for (const entry of entries) {
      const settlement = await appendEntry(tx, head, ente!.fiscalCode, entry);
      results.push({
        ...settlement,
        partner: entry.partner,
        receivedAt: entry.receivedAt,
        noticeNumber: entry.pendingReceipt.receipt.noticeNumber,
      });
    }
    await head.save(tx);
    await settleInboxEntries(tx, results);
    return results;
  });
  if (settled === 'busy') return 'busy';
  const appendedAt = Date.now();
  for (const entry of settled) {
    logPaymentStage(
      'receipt_appended',
      { noticeNumbers: [entry.noticeNumber] },
      { source: 'push', partner: entry.partner, inboxId: entry.id, outcome: entry.outcome },
    );
    if (entry.outcome !== 'receipt_created') continue;
    metrics().receiptsCreated.inc({ partner: entry.partner });
    metrics().ackToReceipt.observe((appendedAt - entry.receivedAt.getTime()) / 1000);
  }
  return settled.length;
}

/**
 * Appends batch after batch until the Ente has nothing pending: a receipt acknowledged while a batch ran
 * is found by the next one. 'busy' when the right is held elsewhere; otherwise how many were settled.
 */
export async function sequenceEnte(db: Database, enteId: string): Promise<'busy' | number> {
  let total = 0;
  for (;;) {
    const settled = await sequenceBatch(db, enteId);
    if (settled === 'busy') return total > 0 ? total : 'busy';
    if (settled === 0) return total;
    total += settled;
  }
}

/** The Enti with receipts waiting for the sequencer (partner_inbox_pending_idx). */
export async function entiWithPendingReceipts(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ enteId: partnerInbox.enteId }).from(partnerInbox).where(isNotNull(partnerInbox.pendingReceipt));
  return rows.map((row) => row.enteId!);
}
