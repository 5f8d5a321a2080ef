import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { receiptChainHeads, receipts, type Receipt } from '@/db/schema';
import { GENESIS_HASH, receiptHash } from '@/lib/payments/hash-chain';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Runs `work` as the schema owner would, with the immutability trigger out of the way. */
async function asOwner(db: Database, work: (tx: Tx) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table receipts disable trigger receipts_no_update_delete`);
    await work(tx);
    await tx.execute(sql`alter table receipts enable trigger receipts_no_update_delete`);
  });
}

/**
 * The attack anchors exist for: the owner changes one receipt, then recomputes its hash, every later
 * hash and the chain head, so that the chain alone is perfectly consistent again.
 */
export async function rewriteChainConsistently(
  db: Database,
  enteId: string,
  fromSeq: number,
  change: (row: Receipt) => Receipt,
): Promise<void> {
  await asOwner(db, async (tx) => {
    const [before] = await tx
      .select({ hash: receipts.hash })
      .from(receipts)
      .where(and(eq(receipts.enteId, enteId), lt(receipts.seq, fromSeq)))
      .orderBy(desc(receipts.seq))
      .limit(1);
    let prevHash = before?.hash ?? GENESIS_HASH;
    let last: Receipt | undefined;
    const rows = await tx
      .select()
      .from(receipts)
      .where(and(eq(receipts.enteId, enteId), gte(receipts.seq, fromSeq)))
      .orderBy(asc(receipts.seq));
    for (const row of rows) {
      const updated = row.seq === fromSeq ? change(row) : row;
      const hash = receiptHash(prevHash, updated);
      const { id: _id, createdAt: _createdAt, ...content } = updated;
      await tx
        .update(receipts)
        .set({ ...content, prevHash, hash })
        .where(eq(receipts.id, row.id));
      prevHash = hash;
      last = updated;
    }
    if (last) await tx.update(receiptChainHeads).set({ lastSeq: last.seq, lastHash: prevHash }).where(eq(receiptChainHeads.enteId, enteId));
  });
}

/**
 * The owner removes the last receipts, with what points at them (their e-mails, their preservation state,
 * their anomalies and refunds), and rewinds the head onto the one before: again a consistent chain.
 */
export async function dropChainTail(db: Database, enteId: string, fromSeq: number): Promise<void> {
  await asOwner(db, async (tx) => {
    const doomed = sql`(select id from receipts where ente_id = ${enteId} and seq >= ${fromSeq})`;
    await tx.execute(
      sql`delete from notification_attempts where outbox_id in (select id from notification_outbox where receipt_row_id in ${doomed})`,
    );
    await tx.execute(sql`delete from notification_outbox where receipt_row_id in ${doomed}`);
    await tx.execute(sql`delete from conservazione_receipts where receipt_row_id in ${doomed}`);
    await tx.execute(sql`delete from refunds where anomaly_id in (select id from anomalies where receipt_row_id in ${doomed})`);
    await tx.execute(sql`delete from anomalies where receipt_row_id in ${doomed}`);
    await tx.delete(receipts).where(and(eq(receipts.enteId, enteId), gte(receipts.seq, fromSeq)));
    const [before] = await tx.select().from(receipts).where(eq(receipts.enteId, enteId)).orderBy(desc(receipts.seq)).limit(1);
    await tx
      .update(receiptChainHeads)
      .set({ lastSeq: before?.seq ?? 0, lastHash: before?.hash ?? GENESIS_HASH })
      .where(eq(receiptChainHeads.enteId, enteId));
  });
}
