import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { anomalies, cartItems, carts, positions, receipts, type Ente } from '@/db/schema';
import { metrics } from '@/lib/metrics/registry';
import { assertTransition } from '@/lib/positions/lifecycle';
import { lockPlanOf, settlePlanAfterPayment } from '@/lib/positions/plans';
import type { PartnerReceipt } from '@/lib/partners/types';
import { waitForSequencingRight } from '@/lib/receipts-pipeline/sequencing-right';
import { ChainHead, type Tx } from './chain-head';
import { CURRENT_HASH_VERSION, receiptHash, type ChainedFields } from './hash-chain';

export type RecordOutcome =
  | { kind: 'receipt_created'; receiptRowId: string }
  | { kind: 'duplicate' }
  | { kind: 'anomaly'; anomaly: 'unknown_notice' | 'amount_mismatch' | 'not_payable' };

export type ReceiptPartner = ChainedFields['partner'];

/**
 * Turns a verified partner receipt into our immutable receipt and marks the position paid, all in one
 * transaction, at once: the direct way in, for the pulls (recovery, status checks). Pushed receipts go
 * through the sequencer (lib/receipts-pipeline), which appends them in batches with `appendReceipt`.
 */
export async function recordReceipt(
  db: Database,
  ente: Pick<Ente, 'id' | 'fiscalCode'>,
  partner: ReceiptPartner,
  receipt: PartnerReceipt,
): Promise<RecordOutcome> {
  if (receipt.creditorFiscalCode !== ente.fiscalCode) throw new Error('Ricevuta di un altro Ente: il chiamante doveva verificarlo');
  const outcome = await db.transaction(async (tx) => {
    await waitForSequencingRight(tx, ente.id);
    const head = await ChainHead.lock(tx, ente.id);
    const appended = await appendReceipt(tx, head, partner, receipt);
    await head.save(tx);
    return appended;
  });
  if (outcome.kind === 'receipt_created') metrics().receiptsCreated.inc({ partner });
  return outcome;
}

/**
 * One receipt into the chain whose head the caller holds (with the Ente's sequencing right), inside the
 * caller's transaction: the receipt, the position paid, its plan and carts settled; or the duplicate or
 * anomaly it is. Idempotent on the receipt id. A receipt that does not match a payable position of the
 * same amount is kept as an anomaly and marks nothing paid. The head moves in memory: the caller saves it.
 */
export async function appendReceipt(
  tx: Tx,
  head: ChainHead,
  partner: ReceiptPartner,
  receipt: PartnerReceipt,
  inboxId?: number,
): Promise<RecordOutcome> {
  const enteId = head.enteId;
  // Appends of one Ente are serialised by the sequencing right; the position (and its plan) is locked too,
  // so that a clerk cancelling it cannot change it between this check and the payment.
  await lockPlanOf(tx, enteId, receipt.noticeNumber);
  const [position] = await tx
    .select()
    .from(positions)
    .where(and(eq(positions.enteId, enteId), eq(positions.noticeNumber, receipt.noticeNumber)))
    .for('update');
  const [existing] = await tx
    .select({ id: receipts.id })
    .from(receipts)
    .where(and(eq(receipts.enteId, enteId), eq(receipts.receiptId, receipt.receiptId)));
  if (existing) return { kind: 'duplicate' };

  const anomaly = !position
    ? ('unknown_notice' as const)
    : position.amountCents !== receipt.amountCents
      ? ('amount_mismatch' as const)
      : position.status === 'paid' || position.status === 'cancelled'
        ? ('not_payable' as const)
        : null;
  if (anomaly) {
    await tx
      .insert(anomalies)
      .values({
        enteId,
        inboxId,
        kind: anomaly,
        noticeNumber: receipt.noticeNumber,
        receiptId: receipt.receiptId,
        amountCents: receipt.amountCents,
        expectedAmountCents: position?.amountCents,
        details: {
          partner,
          pspName: receipt.pspName,
          paymentDateTime: receipt.paymentDateTime,
          positionStatus: position?.status ?? null,
        },
      })
      .onConflictDoNothing();
    return { kind: 'anomaly', anomaly };
  }
  const payable = position!;

  const fields: ChainedFields = {
    enteId,
    positionId: payable.id,
    seq: head.seq + 1,
    hashVersion: CURRENT_HASH_VERSION,
    receiptId: receipt.receiptId,
    noticeNumber: receipt.noticeNumber,
    creditorFiscalCode: receipt.creditorFiscalCode,
    outcome: receipt.outcome,
    creditorReferenceId: receipt.creditorReferenceId,
    amountCents: receipt.amountCents,
    description: receipt.description,
    companyName: receipt.companyName,
    officeName: receipt.officeName ?? null,
    debtor: receipt.debtor ?? null,
    payer: receipt.payer ?? null,
    transfers: receipt.transfers,
    idPsp: receipt.idPsp,
    pspFiscalCode: receipt.pspFiscalCode ?? null,
    pspVatNumber: receipt.pspVatNumber ?? null,
    pspName: receipt.pspName,
    idChannel: receipt.idChannel,
    channelDescription: receipt.channelDescription ?? null,
    paymentMethod: receipt.paymentMethod ?? null,
    feeCents: receipt.feeCents ?? null,
    // Millisecond precision, so that what is hashed is exactly what the database gives back.
    paymentDateTime: new Date(Math.floor(Date.parse(receipt.paymentDateTime))),
    applicationDate: receipt.applicationDate ?? null,
    transferDate: receipt.transferDate ?? null,
    paymentNote: receipt.paymentNote ?? null,
    metadata: receipt.metadata ?? null,
    standIn: receipt.standIn ?? null,
    originalFormat: receipt.original?.format ?? null,
    originalSha256: receipt.original ? createHash('sha256').update(receipt.original.bytes).digest('hex') : null,
    partner,
  };
  const hash = receiptHash(head.hash, fields);
  const [inserted] = await tx
    .insert(receipts)
    .values({ ...fields, originalDocument: receipt.original?.bytes ?? null, prevHash: head.hash, hash })
    .returning({ id: receipts.id });
  head.advance(fields.seq, hash);

  assertTransition(payable.status, 'paid');
  const now = new Date();
  await tx.update(positions).set({ status: 'paid', paidAt: now, updatedAt: now }).where(eq(positions.id, payable.id));
  await settlePlanAfterPayment(tx, payable, now);
  await closePaidCarts(tx, payable.id, now);
  return { kind: 'receipt_created', receiptRowId: inserted!.id };
}

/**
 * A cart whose notices are now all paid is paid too, even one already closed as cancelled, failed or
 * expired: a late receipt proves the payment that the return page or the timeout could not see.
 */
async function closePaidCarts(tx: Tx, positionId: string, now: Date): Promise<void> {
  await tx.execute(sql`
    update ${carts} set status = 'paid', closed_at = ${now.toISOString()}
    where status <> 'paid'
      and id in (select ${cartItems.cartId} from ${cartItems} where ${cartItems.positionId} = ${positionId})
      and not exists (
        select 1 from ${cartItems} ci join ${positions} p on p.id = ci.position_id
        where ci.cart_id = ${carts.id} and p.status <> 'paid')`);
}
