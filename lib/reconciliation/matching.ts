import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, receipts, reportingFlows, reportingPayments } from '@/db/schema';
import { SETTLED_OUTCOMES } from './schemas';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** A receipt's transfers by idTransfer; a receipt without a transfer list is one transfer of its whole amount. */
function transferAmounts(receipt: { amountCents: number; transfers: { idTransfer: number; amountCents: number }[] }): Map<number, number> {
  if (receipt.transfers.length === 0) return new Map([[1, receipt.amountCents]]);
  return new Map(receipt.transfers.map((t) => [t.idTransfer, t.amountCents]));
}

/**
 * Matches the unmatched payments of one flow (or, without one, every unmatched payment of the Ente's current
 * flows) to this Ente's receipts by IUV (creditor reference) and transfer. A receipt found with that transfer
 * sets position and receipt; `matched_at` only when the amount is the transfer's too (otherwise the line is
 * an amount mismatch for staff). Another Ente's IUV never matches: the receipts are read for this Ente only.
 * Returns the positions touched.
 */
export async function matchFlowPayments(tx: Tx, enteId: string, flowRowId: string | null): Promise<string[]> {
  const which = flowRowId
    ? eq(reportingPayments.flowRowId, flowRowId)
    : sql`${reportingPayments.flowRowId} in (select id from ${reportingFlows} where ente_id = ${enteId} and superseded_at is null)`;
  const pending = await tx
    .select({
      id: reportingPayments.id,
      iuv: reportingPayments.iuv,
      idTransfer: reportingPayments.idTransfer,
      amountCents: reportingPayments.amountCents,
    })
    .from(reportingPayments)
    .where(and(which, eq(reportingPayments.enteId, enteId), isNull(reportingPayments.positionId)));
  const touched = new Set<string>();
  for (const batch of chunks(pending)) {
    const found = await tx
      .select({
        id: receipts.id,
        positionId: receipts.positionId,
        iuv: receipts.creditorReferenceId,
        amountCents: receipts.amountCents,
        transfers: receipts.transfers,
      })
      .from(receipts)
      .where(
        and(
          eq(receipts.enteId, enteId),
          inArray(receipts.creditorReferenceId, [...new Set(batch.map((p) => p.iuv))]),
          // A flagged receipt paid no position: a payment reported for it stays unmatched, for staff.
          isNull(receipts.anomaly),
        ),
      )
      .orderBy(receipts.createdAt);
    // The first receipt of an IUV is the one the money was for (a second one is flagged, left out above).
    const byIuv = new Map<string, (typeof found)[number]>();
    for (const receipt of found) if (!byIuv.has(receipt.iuv)) byIuv.set(receipt.iuv, receipt);
    const rows = batch.flatMap((payment) => {
      const receipt = byIuv.get(payment.iuv);
      const expected = receipt ? transferAmounts(receipt).get(payment.idTransfer) : undefined;
      if (!receipt || expected === undefined) return [];
      // An unflagged receipt always has its position (receipts_position_known).
      const positionId = receipt.positionId!;
      touched.add(positionId);
      return [sql`(${payment.id}::bigint, ${positionId}::uuid, ${receipt.id}::uuid, ${expected === payment.amountCents}::boolean)`];
    });
    if (rows.length === 0) continue;
    await tx.execute(sql`
      update ${reportingPayments} set position_id = m.position_id, receipt_row_id = m.receipt_id,
             matched_at = case when m.same_amount then now() end
      from (values ${sql.join(rows, sql`, `)}) as m(id, position_id, receipt_id, same_amount)
      where ${reportingPayments.id} = m.id and ${reportingPayments.enteId} = ${enteId}`);
  }
  return [...touched];
}

/** The positions of the payments of a flow (before it is superseded: they must be looked at again). */
export async function positionsOfFlow(tx: Tx, enteId: string, flowRowIds: string[]): Promise<string[]> {
  if (flowRowIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({ positionId: reportingPayments.positionId })
    .from(reportingPayments)
    .where(
      and(eq(reportingPayments.enteId, enteId), inArray(reportingPayments.flowRowId, flowRowIds), isNotNull(reportingPayments.positionId)),
    );
  return rows.map((r) => r.positionId!);
}

/**
 * Sets `reported_at` on each position whose receipt has every transfer settled by a matched payment of a
 * current (not superseded) flow, and clears it where that no longer holds (a later revision dropped a
 * payment). A REVOKED payment settles nothing.
 */
export async function refreshReported(tx: Tx, enteId: string, positionIds: string[]): Promise<void> {
  for (const batch of chunks([...new Set(positionIds)])) {
    const owed = await tx
      .select({ positionId: receipts.positionId, amountCents: receipts.amountCents, transfers: receipts.transfers })
      .from(receipts)
      .where(and(eq(receipts.enteId, enteId), inArray(receipts.positionId, batch), isNull(receipts.anomaly)))
      .orderBy(receipts.createdAt);
    const settled = await tx
      .selectDistinct({ positionId: reportingPayments.positionId, idTransfer: reportingPayments.idTransfer })
      .from(reportingPayments)
      .innerJoin(reportingFlows, eq(reportingFlows.id, reportingPayments.flowRowId))
      .where(
        and(
          eq(reportingPayments.enteId, enteId),
          inArray(reportingPayments.positionId, batch),
          isNotNull(reportingPayments.matchedAt),
          isNull(reportingFlows.supersededAt),
          inArray(reportingPayments.outcome, [...SETTLED_OUTCOMES]),
        ),
      );
    const settledKeys = new Set(settled.map((s) => `${s.positionId}|${s.idTransfer}`));
    const receiptsOf = new Map<string, typeof owed>();
    for (const receipt of owed) receiptsOf.set(receipt.positionId!, [...(receiptsOf.get(receipt.positionId!) ?? []), receipt]);
    const reported: string[] = [];
    const unreported: string[] = [];
    for (const positionId of batch) {
      const first = receiptsOf.get(positionId)?.[0];
      const complete = first !== undefined && [...transferAmounts(first).keys()].every((id) => settledKeys.has(`${positionId}|${id}`));
      (complete ? reported : unreported).push(positionId);
    }
    if (reported.length > 0) {
      await tx
        .update(positions)
        .set({ reportedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(positions.enteId, enteId), inArray(positions.id, reported), isNull(positions.reportedAt)));
    }
    if (unreported.length > 0) {
      await tx
        .update(positions)
        .set({ reportedAt: null, updatedAt: new Date() })
        .where(and(eq(positions.enteId, enteId), inArray(positions.id, unreported), isNotNull(positions.reportedAt)));
    }
  }
}
