import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, isNull, or, sql, type Column, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { anomalies, cartItems, carts, positions, receipts, type Ente, type Position, type Receipt } from '@/db/schema';
import { metrics } from '@/lib/metrics/registry';
import { assertTransition } from '@/lib/positions/lifecycle';
import { cancelVoidedOptions, optionsVoidedBy, type VoidedOptions } from '@/lib/positions/plans';
import type { PartnerReceipt } from '@/lib/partners/types';
import { queueReceiptMessages } from '@/lib/notifications/outbox';
import { waitForSequencingRight } from '@/lib/receipts-pipeline/sequencing-right';
import { ChainHead, type Tx } from './chain-head';
import { CURRENT_HASH_VERSION, receiptHash, type ChainedFields } from './hash-chain';

export type AnomalyKind = NonNullable<Receipt['anomaly']>;

/** A flagged receipt is in the chain too (`receiptRowId`): it is proof of money collected, not of a payment. */
export type RecordOutcome =
  | { kind: 'receipt_created'; receiptRowId: string }
  | { kind: 'duplicate' }
  | { kind: 'anomaly'; anomaly: AnomalyKind; receiptRowId: string };

export type ReceiptPartner = ChainedFields['partner'];

export interface ReceiptToAppend {
  partner: ReceiptPartner;
  receipt: PartnerReceipt;
  /** The inbox entry it arrived in: an anomaly points at it. */
  inboxId?: number;
}

/** Receipts of one Ente, to append under its chain head, in order. */
export interface EnteAppend {
  head: ChainHead;
  items: readonly ReceiptToAppend[];
}

/**
 * Turns a verified partner receipt into our immutable receipt and marks the position paid, all in one
 * transaction, at once: the direct way in, for the pulls (recovery, status checks). Pushed receipts go
 * through the sequencer (lib/receipts-pipeline), which appends them in batches with the same
 * `appendReceipts`.
 */
export async function recordReceipt(
  db: Database,
  ente: Pick<Ente, 'id' | 'fiscalCode'>,
  partner: ReceiptPartner,
  receipt: PartnerReceipt,
): Promise<RecordOutcome> {
  if (receipt.creditorFiscalCode !== ente.fiscalCode) throw new Error('Ricevuta di un altro Ente: il chiamante doveva verificarlo');
  const [outcome] = await db.transaction(async (tx) => {
    await waitForSequencingRight(tx, ente.id);
    const heads = await ChainHead.lock(tx, [ente.id]);
    const [outcomes] = await appendReceipts(tx, [{ head: heads[0]!, items: [{ partner, receipt }] }]);
    await ChainHead.save(tx, heads);
    return outcomes!;
  });
  if (outcome!.kind !== 'duplicate') metrics().receiptsCreated.inc({ partner });
  return outcome!;
}

/** Ente and notice (or receipt id): unique across the Enti of a batch. */
const keyOf = (enteId: string, code: string) => `${enteId} ${code}`;

/** Rows whose `code` is one that its Ente's receipts in the batch name: each Ente's codes count only in that Ente. */
function namedPerEnte(
  appends: readonly EnteAppend[],
  enteColumn: Column,
  codeColumn: Column,
  codeOf: (receipt: PartnerReceipt) => string,
): SQL | undefined {
  return or(
    ...appends.map(({ head, items }) =>
      and(
        eq(enteColumn, head.enteId),
        inArray(
          codeColumn,
          items.map((item) => codeOf(item.receipt)),
        ),
      ),
    ),
  );
}

/**
 * The positions the receipts name, with every option of their plans, locked until the transaction ends,
 * so that no clerk cancels or edits one between its judgement and its payment. Appends of one Ente never
 * wait on each other here: the sequencing right already orders them.
 */
async function lockPositionsOf(tx: Tx, appends: readonly EnteAppend[]): Promise<Position[]> {
  const named = namedPerEnte(appends, positions.enteId, positions.noticeNumber, (receipt) => receipt.noticeNumber);
  const plans = tx
    .select({ planId: positions.planId })
    .from(positions)
    .where(and(named, isNotNull(positions.planId)));
  const enteIds = appends.map(({ head }) => head.enteId);
  return tx
    .select()
    .from(positions)
    .where(and(inArray(positions.enteId, enteIds), or(named, inArray(positions.planId, plans))))
    .orderBy(asc(positions.id))
    .for('update');
}

/** The receipt ids among `appends` already in their Ente's chain. */
async function recordedReceipts(tx: Tx, appends: readonly EnteAppend[]): Promise<Set<string>> {
  const rows = await tx
    .select({ enteId: receipts.enteId, receiptId: receipts.receiptId })
    .from(receipts)
    .where(namedPerEnte(appends, receipts.enteId, receipts.receiptId, (receipt) => receipt.receiptId));
  return new Set(rows.map((row) => keyOf(row.enteId, row.receiptId)));
}

function chainedFields(
  head: ChainHead,
  position: Position | undefined,
  anomaly: AnomalyKind | null,
  partner: ReceiptPartner,
  receipt: PartnerReceipt,
): ChainedFields {
  return {
    enteId: head.enteId,
    positionId: position?.id ?? null,
    anomaly,
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
}

/**
 * Appends receipts of Enti whose chain heads the caller holds (with their sequencing rights), each Ente's
 * in order, inside the caller's transaction; one outcome per receipt, grouped as `appends`. Each is judged
 * as if they came one after the other: a receipt already recorded is a duplicate (idempotent on the
 * receipt id); any other joins its Ente's chain. One that does not match a payable position of the same
 * amount is flagged with its anomaly, marks nothing paid and leaves an anomaly for staff that points at it;
 * otherwise its position is paid, its plan's alternatives cancelled and its carts closed. The work is done
 * in a fixed number of statements whatever the count of receipts and Enti, so that a batch costs little
 * more than one receipt (group commit). The heads move in memory: the caller saves them.
 */
export async function appendReceipts(tx: Tx, appends: readonly EnteAppend[]): Promise<RecordOutcome[][]> {
  const now = new Date();
  const live = appends.filter(({ items }) => items.length > 0);
  if (live.length === 0) return appends.map(() => []);
  const locked = await lockPositionsOf(tx, live);
  const byNotice = new Map(locked.map((position) => [keyOf(position.enteId, position.noticeNumber), position]));
  const recorded = await recordedReceipts(tx, live);

  const outcomes: ('receipt_created' | 'duplicate' | { anomaly: AnomalyKind })[][] = [];
  const newReceipts: (typeof receipts.$inferInsert)[] = [];
  const newAnomalies: (typeof anomalies.$inferInsert)[] = [];
  const paid: Position[] = [];
  /** The receipt id that paid each position of `paid`. */
  const receiptOf = new Map<string, string>();
  const voided = new Map<string, VoidedOptions[]>();
  for (const { head, items } of appends) {
    const enteId = head.enteId;
    const enteOutcomes: (typeof outcomes)[number] = [];
    outcomes.push(enteOutcomes);
    for (const { partner, receipt, inboxId } of items) {
      if (recorded.has(keyOf(enteId, receipt.receiptId))) {
        enteOutcomes.push('duplicate');
        continue;
      }
      const position = byNotice.get(keyOf(enteId, receipt.noticeNumber));
      const anomaly = !position
        ? ('unknown_notice' as const)
        : position.amountCents !== receipt.amountCents
          ? ('amount_mismatch' as const)
          : position.status === 'paid' || position.status === 'cancelled'
            ? ('not_payable' as const)
            : null;
      if (!anomaly) assertTransition(position!.status, 'paid');
      const fields = chainedFields(head, position, anomaly, partner, receipt);
      const hash = receiptHash(head.hash, fields);
      newReceipts.push({ ...fields, originalDocument: receipt.original?.bytes ?? null, prevHash: head.hash, hash });
      head.advance(fields.seq, hash);
      recorded.add(keyOf(enteId, receipt.receiptId));
      if (anomaly) {
        newAnomalies.push({
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
        });
        enteOutcomes.push({ anomaly });
        continue;
      }
      const payable = position!;
      // The receipts after this one see the position paid and its plan's alternatives cancelled.
      payable.status = 'paid';
      paid.push(payable);
      receiptOf.set(payable.id, receipt.receiptId);
      const voids = optionsVoidedBy(payable, locked);
      for (const option of locked) if (voids.ids.includes(option.id)) option.status = 'cancelled';
      if (voids.ids.length > 0) voided.set(enteId, [...(voided.get(enteId) ?? []), voids]);
      enteOutcomes.push('receipt_created');
    }
  }

  const rowIds = new Map<string, string>();
  if (newReceipts.length > 0) {
    const inserted = await tx
      .insert(receipts)
      .values(newReceipts)
      .returning({ id: receipts.id, enteId: receipts.enteId, receiptId: receipts.receiptId });
    for (const row of inserted) rowIds.set(keyOf(row.enteId, row.receiptId), row.id);
  }
  // The receipt e-mails, in this transaction: one statement for the batch, none for a receipt recorded already.
  await queueReceiptMessages(
    tx,
    paid.map((position) => rowIds.get(keyOf(position.enteId, receiptOf.get(position.id)!))!),
  );
  if (newAnomalies.length > 0) {
    const pointed = newAnomalies.map((anomaly) => ({ ...anomaly, receiptRowId: rowIds.get(keyOf(anomaly.enteId, anomaly.receiptId!)) }));
    // An anomaly kept before flagged receipts were chained, delivered again: it gets its receipt now.
    await tx
      .insert(anomalies)
      .values(pointed)
      .onConflictDoUpdate({
        target: [anomalies.enteId, anomalies.receiptId, anomalies.kind],
        set: { receiptRowId: sql`excluded.receipt_row_id` },
        setWhere: isNull(anomalies.receiptRowId),
      });
  }
  if (paid.length > 0) {
    const paidIds = paid.map((position) => position.id);
    await tx.update(positions).set({ status: 'paid', paidAt: now, updatedAt: now }).where(inArray(positions.id, paidIds));
    for (const [enteId, voids] of voided) await cancelVoidedOptions(tx, enteId, voids, now);
    await closePaidCarts(tx, paidIds, now);
  }
  return appends.map(({ head, items }, i) =>
    outcomes[i]!.map((outcome, j): RecordOutcome => {
      if (outcome === 'duplicate') return { kind: 'duplicate' };
      const receiptRowId = rowIds.get(keyOf(head.enteId, items[j]!.receipt.receiptId))!;
      return outcome === 'receipt_created' ? { kind: outcome, receiptRowId } : { kind: 'anomaly', anomaly: outcome.anomaly, receiptRowId };
    }),
  );
}

/**
 * A cart whose notices are now all paid is paid too, even one already closed as cancelled, failed or
 * expired: a late receipt proves the payment that the return page or the timeout could not see.
 */
async function closePaidCarts(tx: Tx, positionIds: string[], now: Date): Promise<void> {
  await tx.execute(sql`
    update ${carts} set status = 'paid', closed_at = ${now.toISOString()}
    where status <> 'paid'
      and id in (select ${cartItems.cartId} from ${cartItems} where ${inArray(cartItems.positionId, positionIds)})
      and not exists (
        select 1 from ${cartItems} ci join ${positions} p on p.id = ci.position_id
        where ci.cart_id = ${carts.id} and p.status <> 'paid')`);
}
