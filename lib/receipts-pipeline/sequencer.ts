import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '@/db';
import { isDataException } from '@/db/errors';
import { enti, partnerInbox } from '@/db/schema';
import { metrics } from '@/lib/metrics/registry';
import { ChainHead, type Tx } from '@/lib/payments/chain-head';
import { settleInboxEntries, type InboxSettlement } from '@/lib/payments/inbox';
import { unstorableReason } from '@/lib/payments/push-inbox';
import { logPaymentStage } from '@/lib/payments/payment-log';
import { appendReceipts, type ReceiptToAppend } from '@/lib/payments/record-receipt';
import { receiptOfPending } from './pending-receipt';
import { trySequencingRight } from './sequencing-right';

/*
 * The sequencer: appends the acknowledged receipts of one Ente (partner_inbox rows with a pending_receipt)
 * to its hash chain in arrival order, in batches, one transaction per batch: the sequencing right, one
 * lock and one update of the chain head, the receipts appended together (appendReceipts: a fixed number
 * of statements per batch), one statement settling the entries (group commit). Any instance may run it
 * for any Ente; the right makes sure only one does at a time, and a batch that dies with its instance
 * rolls back whole and is appended by the next one.
 */

/** Receipts per transaction: enough to share the commit, few enough to hold the Ente's locks briefly. */
export const BATCH_SIZE = 64;

type Partner = (typeof partnerInbox.$inferSelect)['partner'];
type Settled = InboxSettlement & { partner: Partner; receivedAt: Date; noticeNumber: string };

type PendingEntry = Pick<typeof partnerInbox.$inferSelect, 'id' | 'partner' | 'rawBody' | 'receivedAt'> & {
  pendingReceipt: NonNullable<(typeof partnerInbox.$inferSelect)['pendingReceipt']>;
};

/** Appends `items` in a savepoint: all of them, or none and the head back where it was. */
async function appendInSavepoint(tx: Tx, head: ChainHead, items: ReceiptToAppend[]): Promise<InboxSettlement[]> {
  const mark = head.mark();
  try {
    const outcomes = await tx.transaction((savepoint) => appendReceipts(savepoint, head, items));
    return outcomes.map((outcome, i) => ({ id: items[i]!.inboxId!, outcome: outcome.kind }));
  } catch (error) {
    head.restore(mark);
    throw error;
  }
}

/**
 * The batch's receipts, all at once. When the database refuses some entry's data (class 22), they are
 * appended again one by one, each in its own savepoint: the entries at fault are settled as rejected,
 * the others go on. Any other error fails the batch, to be tried again whole.
 */
async function appendBatch(tx: Tx, head: ChainHead, items: ReceiptToAppend[]): Promise<InboxSettlement[]> {
  if (items.length === 0) return [];
  try {
    return await appendInSavepoint(tx, head, items);
  } catch (error) {
    if (!isDataException(error)) throw error;
  }
  const settled: InboxSettlement[] = [];
  for (const item of items) {
    try {
      settled.push(...(await appendInSavepoint(tx, head, [item])));
    } catch (error) {
      if (!isDataException(error)) throw error;
      settled.push({ id: item.inboxId!, outcome: 'rejected', reason: unstorableReason('ricevuta', error) });
    }
  }
  return settled;
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
    const items: ReceiptToAppend[] = [];
    const settlements: InboxSettlement[] = [];
    for (const entry of entries) {
      const receipt = receiptOfPending(entry.pendingReceipt, entry.rawBody);
      // Checked at the acknowledgement: only an Ente whose fiscal code changed since can meet one.
      if (receipt.creditorFiscalCode === ente!.fiscalCode) items.push({ partner: entry.partner, receipt, inboxId: entry.id });
      else settlements.push({ id: entry.id, outcome: 'rejected', reason: 'Ricevuta di un altro Ente' });
    }
    const head = await ChainHead.lock(tx, enteId);
    settlements.push(...(await appendBatch(tx, head, items)));
    await head.save(tx);
    await settleInboxEntries(tx, settlements);
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    const results: Settled[] = settlements.map((settlement) => ({
      ...settlement,
      partner: byId.get(settlement.id)!.partner,
      receivedAt: byId.get(settlement.id)!.receivedAt,
      noticeNumber: byId.get(settlement.id)!.pendingReceipt.receipt.noticeNumber,
    }));
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
