import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { anomalies, cartItems, carts, positions, receiptChainHeads, receipts, type Ente } from '@/db/schema';
import { assertTransition } from '@/lib/positions/lifecycle';
import { lockPlanOf, settlePlanAfterPayment } from '@/lib/positions/plans';
import type { PartnerReceipt } from '@/lib/partners/types';
import { CURRENT_HASH_VERSION, GENESIS_HASH, receiptHash, type ChainedFields } from './hash-chain';

export type RecordOutcome =
  | { kind: 'receipt_created'; receiptRowId: string }
  | { kind: 'duplicate' }
  | { kind: 'anomaly'; anomaly: 'unknown_notice' | 'amount_mismatch' | 'not_payable' };

type Partner = ChainedFields['partner'];

/**
 * Turns a verified partner receipt into our immutable receipt and marks the position paid, all in one
 * transaction. Idempotent on the receipt id. A receipt that does not match a payable position of the
 * same amount is kept as an anomaly and marks nothing paid.
 */
export async function recordReceipt(
  db: Database,
  ente: Pick<Ente, 'id' | 'fiscalCode'>,
  partner: Partner,
  receipt: PartnerReceipt,
  inboxId?: number,
): Promise<RecordOutcome> {
  if (receipt.creditorFiscalCode !== ente.fiscalCode) throw new Error('Ricevuta di un altro Ente: il chiamante doveva verificarlo');
  return db.transaction(async (tx) => {
    // Lock first, then look for the receipt: a second copy of this receipt arriving at the same moment
    // waits on the position's row and then finds the first copy's receipt (duplicate), instead of
    // finding the position already paid (a false not_payable anomaly).
    await lockPlanOf(tx, ente.id, receipt.noticeNumber);
    const [position] = await tx
      .select()
      .from(positions)
      .where(and(eq(positions.enteId, ente.id), eq(positions.noticeNumber, receipt.noticeNumber)))
      .for('update');
    const [existing] = await tx
      .select({ id: receipts.id })
      .from(receipts)
      .where(and(eq(receipts.enteId, ente.id), eq(receipts.receiptId, receipt.receiptId)));
    if (existing) return { kind: 'duplicate' } as const;

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
          enteId: ente.id,
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
      return { kind: 'anomaly', anomaly } as const;
    }
    const payable = position!;

    // The chain head row serialises appends per Ente: concurrent receipts queue here, never fork the chain.
    await tx.insert(receiptChainHeads).values({ enteId: ente.id, lastSeq: 0, lastHash: GENESIS_HASH }).onConflictDoNothing();
    const [head] = await tx.select().from(receiptChainHeads).where(eq(receiptChainHeads.enteId, ente.id)).for('update');

    const fields: ChainedFields = {
      enteId: ente.id,
      positionId: payable.id,
      seq: head!.lastSeq + 1,
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
    const hash = receiptHash(head!.lastHash, fields);
    const [inserted] = await tx
      .insert(receipts)
      .values({ ...fields, originalDocument: receipt.original?.bytes ?? null, prevHash: head!.lastHash, hash })
      .returning({ id: receipts.id });
    await tx.update(receiptChainHeads).set({ lastSeq: fields.seq, lastHash: hash }).where(eq(receiptChainHeads.enteId, ente.id));

    assertTransition(payable.status, 'paid');
    const now = new Date();
    await tx.update(positions).set({ status: 'paid', paidAt: now, updatedAt: now }).where(eq(positions.id, payable.id));
    await settlePlanAfterPayment(tx, payable, now);
    await closePaidCarts(tx, payable.id, now);
    return { kind: 'receipt_created', receiptRowId: inserted!.id } as const;
  });
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

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
