import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { isDataException } from '@/db/errors';
import { enti, partnerInbox } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { ChainHead, type Tx } from '@/lib/payments/chain-head';
import { settleInboxEntries, type InboxSettlement } from '@/lib/payments/inbox';
import { unstorableReason } from '@/lib/payments/push-inbox';
import { logPaymentStage } from '@/lib/payments/payment-log';
import { appendReceipts, type EnteAppend, type ReceiptToAppend } from '@/lib/payments/record-receipt';
import { reportAppendedReceipts, type AppendedReceipt } from './appended-metrics';
import { receiptOfPending } from './pending-receipt';
import { trySequencingRightSql } from './sequencing-right';

/*
 * The sequencer: appends acknowledged receipts (partner_inbox rows with a pending_receipt) to their Enti's
 * hash chains, each Ente's in arrival order, in batches that may span many Enti, one transaction per
 * batch: the sequencing rights of the Enti it can get (the busy ones are skipped, never waited for), one
 * statement locking their chain heads and one saving them, the receipts appended together (appendReceipts:
 * a fixed number of statements per batch), one statement settling the entries: one commit for them all
 * (group commit), whether they are 256 receipts of one Ente or one of each of 256 Enti. Any instance may run
 * it for any Ente; the rights make sure only one appends an Ente's receipts at a time, and a batch that
 * dies with its instance rolls back whole and is appended by the next one.
 */

/**
 * Receipts per transaction: enough to share the commit, few enough to hold the Enti's locks briefly. 256 rather
 * than 64 halved the ack→receipt p50 under a storm (bench/callbacks.ts, docs/benchmarks.md), the batch then
 * taking tens of milliseconds.
 */
export const BATCH_SIZE = 256;

export interface BatchResult {
  /** Entries settled: appended, duplicate, anomaly or rejected. */
  settled: number;
  /** Enti with pending entries whose right another transaction holds: it appends them, or a retry will. */
  busy: string[];
  /** Some of the Enti asked for may have more pending entries (the batch was full). */
  more: boolean;
}

type Partner = (typeof partnerInbox.$inferSelect)['partner'];
type Settled = InboxSettlement & { partner: Partner; receivedAt: Date; noticeNumber: string };

/**
 * Takes, in one statement, the rights of the Enti among `enteIds` that own one of the `limit` oldest
 * pending entries: the others are not tried, so that a batch holds no Ente it will not serve, and a batch
 * follows arrival order across Enti. Who is left out is told apart: busy (held elsewhere), or later (the
 * window was full: there may be more).
 */
async function takeRights(tx: Tx, enteIds: readonly string[], limit: number): Promise<{ taken: string[]; busy: string[]; later: boolean }> {
  const rows = rowsOf<{ enteId: string; entries: number | string; acquired: boolean }>(
    await tx.execute(sql`
      with oldest as (
        select ente_id, id from ${partnerInbox}
        where pending_receipt is not null
          and ente_id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(enteIds)}::jsonb))
        order by id limit ${limit}),
      owners as (select ente_id, min(id) as first_id, count(*) as entries from oldest group by ente_id)
      select ente_id::text as "enteId", entries as "entries", ${trySequencingRightSql(sql`ente_id`)} as "acquired"
      from owners order by first_id`),
  );
  return {
    taken: rows.filter((row) => row.acquired).map((row) => row.enteId),
    busy: rows.filter((row) => !row.acquired).map((row) => row.enteId),
    later: rows.reduce((sum, row) => sum + Number(row.entries), 0) === limit,
  };
}

/** Appends `appends` in a savepoint: all of them, or none and the heads back where they were. */
async function appendInSavepoint(tx: Tx, appends: readonly EnteAppend[]): Promise<InboxSettlement[]> {
  const marks = appends.map(({ head }) => head.mark());
  try {
    const outcomes = await tx.transaction((savepoint) => appendReceipts(savepoint, appends));
    return appends.flatMap(({ items }, i) => outcomes[i]!.map((outcome, j) => ({ id: items[j]!.inboxId!, outcome: outcome.kind })));
  } catch (error) {
    appends.forEach(({ head }, i) => head.restore(marks[i]!));
    throw error;
  }
}

/**
 * The batch's receipts, all at once. When the database refuses some entry's data (class 22), they are
 * appended again Ente by Ente, and within the Ente at fault one by one, each in its own savepoint: the
 * entries at fault are settled as rejected, the others go on. Any other error fails the batch, to be tried
 * again whole.
 */
async function appendBatch(tx: Tx, appends: readonly EnteAppend[]): Promise<InboxSettlement[]> {
  if (appends.length === 0) return [];
  let refusal: unknown;
  try {
    return await appendInSavepoint(tx, appends);
  } catch (error) {
    if (!isDataException(error)) throw error;
    refusal = error;
  }
  const [first] = appends;
  if (appends.length === 1 && first!.items.length === 1)
    return [{ id: first!.items[0]!.inboxId!, outcome: 'rejected', reason: unstorableReason('ricevuta', refusal) }];
  const parts = appends.length > 1 ? appends.map((append) => [append]) : first!.items.map((item) => [{ head: first!.head, items: [item] }]);
  const settled: InboxSettlement[] = [];
  for (const part of parts) settled.push(...(await appendBatch(tx, part)));
  return settled;
}

/**
 * Appends, in one transaction, up to `limit` pending entries of the Enti `enteIds` whose sequencing right
 * it can take, oldest first: each Ente's entries in inbox id order, and never one of them without the
 * older ones (an Ente whose right is held elsewhere is skipped whole).
 */
export async function sequenceBatch(db: Database, enteIds: readonly string[], limit = BATCH_SIZE): Promise<BatchResult> {
  if (enteIds.length === 0) return { settled: 0, busy: [], more: false };
  const { settled, busy, more } = await db.transaction(async (tx) => {
    const rights = await takeRights(tx, enteIds, limit);
    if (rights.taken.length === 0) return { settled: [] as Settled[], busy: rights.busy, more: rights.later };
    // Read after the rights are taken: entries appended by their previous holder are no longer pending.
    const entries = await tx
      .select({
        id: partnerInbox.id,
        enteId: partnerInbox.enteId,
        partner: partnerInbox.partner,
        rawBody: partnerInbox.rawBody,
        receivedAt: partnerInbox.receivedAt,
        pendingReceipt: partnerInbox.pendingReceipt,
        fiscalCode: enti.fiscalCode,
      })
      .from(partnerInbox)
      .innerJoin(enti, eq(enti.id, partnerInbox.enteId))
      .where(and(inArray(partnerInbox.enteId, rights.taken), isNotNull(partnerInbox.pendingReceipt)))
      .orderBy(asc(partnerInbox.id))
      .limit(limit);
    const items = new Map<string, ReceiptToAppend[]>();
    const settlements: InboxSettlement[] = [];
    const details: Settled[] = [];
    for (const entry of entries) {
      const pending = entry.pendingReceipt!;
      const receipt = receiptOfPending(pending, entry.rawBody);
      // Checked at the acknowledgement: only an Ente whose fiscal code changed since can meet one.
      if (receipt.creditorFiscalCode === entry.fiscalCode) {
        const item = { partner: entry.partner, receipt, inboxId: entry.id };
        const enteItems = items.get(entry.enteId!);
        if (enteItems) enteItems.push(item);
        else items.set(entry.enteId!, [item]);
      } else settlements.push({ id: entry.id, outcome: 'rejected', reason: 'Ricevuta di un altro Ente' });
    }
    const heads = await ChainHead.lock(tx, [...items.keys()]);
    settlements.push(
      ...(await appendBatch(
        tx,
        heads.map((head) => ({ head, items: items.get(head.enteId)! })),
      )),
    );
    await ChainHead.save(tx, heads);
    await settleInboxEntries(tx, settlements);
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    for (const settlement of settlements) {
      const entry = byId.get(settlement.id)!;
      details.push({
        ...settlement,
        partner: entry.partner,
        receivedAt: entry.receivedAt,
        noticeNumber: entry.pendingReceipt!.receipt.noticeNumber,
      });
    }
    return { settled: details, busy: rights.busy, more: rights.later || entries.length === limit };
  });
  const appendedAt = Date.now();
  const created: AppendedReceipt[] = [];
  for (const entry of settled) {
    logPaymentStage(
      'receipt_appended',
      { noticeNumbers: [entry.noticeNumber] },
      { source: 'push', partner: entry.partner, inboxId: entry.id, outcome: entry.outcome },
    );
    // A flagged receipt (anomaly) is appended to the chain too.
    if (entry.outcome === 'receipt_created' || entry.outcome === 'anomaly')
      created.push({ partner: entry.partner, ackToReceiptSeconds: (appendedAt - entry.receivedAt.getTime()) / 1000 });
  }
  if (created.length > 0) reportAppendedReceipts(created);
  return { settled: settled.length, busy, more };
}

/** The Enti with receipts waiting for the sequencer (partner_inbox_pending_idx). */
export async function entiWithPendingReceipts(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ enteId: partnerInbox.enteId }).from(partnerInbox).where(isNotNull(partnerInbox.pendingReceipt));
  return rows.map((row) => row.enteId!);
}
