import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { reportingFlows, reportingPayments, type Ente } from '@/db/schema';
import type { ReportingFlowData } from '@/lib/partners/types';
import { matchFlowPayments, positionsOfFlow, refreshReported, type Tx } from './matching';
import { govpayOutcome, reportingFlowSchema, type GovpayRendicontazione } from './schemas';

export type FlowSource = 'govpay' | 'fdr';

export type FlowImport =
  | { kind: 'imported'; flowRowId: string; payments: number; superseded: boolean }
  /** This revision of this flow was already here: nothing changed. */
  | { kind: 'duplicate'; flowRowId: string };

/**
 * Serialises everything done to one flow (all its revisions) of one Ente: two imports of the same flow, or
 * of two revisions of it, never interleave. Transaction-scoped, so a crash releases it.
 */
async function lockFlow(tx: Tx, enteId: string, flowId: string, pspId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`fdr|${enteId}|${flowId}|${pspId}`}, 0))`);
}

/**
 * Marks the other revisions of a flow superseded when `revision` is the highest, or the new row itself when
 * a higher one is already here. Returns whether the new row is superseded and the positions to look at again.
 */
async function settleRevisions(
  tx: Tx,
  enteId: string,
  flow: { id: string; flowId: string; pspId: string; revision: number },
): Promise<{ superseded: boolean; positions: string[] }> {
  const sameFlow = and(eq(reportingFlows.enteId, enteId), eq(reportingFlows.flowId, flow.flowId), eq(reportingFlows.pspId, flow.pspId));
  const [higher] = await tx
    .select({ id: reportingFlows.id })
    .from(reportingFlows)
    .where(and(sameFlow, gt(reportingFlows.revision, flow.revision)))
    .limit(1);
  if (higher) {
    await tx.update(reportingFlows).set({ supersededAt: new Date() }).where(eq(reportingFlows.id, flow.id));
    return { superseded: true, positions: [] };
  }
  const older = await tx
    .update(reportingFlows)
    .set({ supersededAt: new Date() })
    .where(and(sameFlow, lt(reportingFlows.revision, flow.revision), isNull(reportingFlows.supersededAt)))
    .returning({ id: reportingFlows.id });
  return {
    superseded: false,
    positions: await positionsOfFlow(
      tx,
      enteId,
      older.map((o) => o.id),
    ),
  };
}

/**
 * Imports one revision of a flusso di rendicontazione for an Ente, in one transaction: idempotent on
 * (flow id, PSP, revision); a higher revision supersedes the earlier ones (their payments stop counting).
 * Each payment is matched to this Ente's receipt by IUV and transfer, and the positions whose every
 * transfer is now settled become reported. Throws ZodError for a flow that cannot be stored.
 */
export async function importReportingFlow(
  db: Database,
  ente: Pick<Ente, 'id'>,
  input: ReportingFlowData,
  source: FlowSource,
): Promise<FlowImport> {
  const flow = reportingFlowSchema.parse(input);
  return db.transaction(async (tx) => {
    await lockFlow(tx, ente.id, flow.flowId, flow.pspId);
    const [inserted] = await tx
      .insert(reportingFlows)
      .values({
        enteId: ente.id,
        flowId: flow.flowId,
        pspId: flow.pspId,
        revision: flow.revision,
        flowDate: new Date(flow.flowDate),
        regulation: flow.regulation,
        regulationDate: flow.regulationDate,
        bicCodePouringBank: flow.bicCodePouringBank || null,
        pspName: flow.pspName || null,
        totPayments: flow.totPayments,
        sumCents: flow.sumCents,
        source,
      })
      .onConflictDoNothing()
      .returning({ id: reportingFlows.id });
    if (!inserted) {
      const [existing] = await tx
        .select({ id: reportingFlows.id })
        .from(reportingFlows)
        .where(
          and(
            eq(reportingFlows.enteId, ente.id),
            eq(reportingFlows.flowId, flow.flowId),
            eq(reportingFlows.pspId, flow.pspId),
            eq(reportingFlows.revision, flow.revision),
          ),
        );
      return { kind: 'duplicate', flowRowId: existing!.id } as const;
    }
    for (let i = 0; i < flow.payments.length; i += 500) {
      await tx.insert(reportingPayments).values(
        flow.payments.slice(i, i + 500).map((p) => ({
          flowRowId: inserted.id,
          enteId: ente.id,
          paymentIndex: p.index,
          iuv: p.iuv,
          iur: p.iur,
          idTransfer: p.idTransfer,
          amountCents: p.amountCents,
          outcome: p.outcome,
          payDate: p.payDate,
        })),
      );
    }
    const revisions = await settleRevisions(tx, ente.id, { id: inserted.id, ...flow });
    const matched = await matchFlowPayments(tx, ente.id, inserted.id);
    await refreshReported(tx, ente.id, [...matched, ...revisions.positions]);
    return { kind: 'imported', flowRowId: inserted.id, payments: flow.payments.length, superseded: revisions.superseded } as const;
  });
}

/**
 * One payment of a flow pushed by GovPay (`POST /rendicontazioni`): GovPay sends a flow a payment at a
 * time, so the flow's header is created by the first payment, and its count and sum grow by each new
 * payment (they are what arrived so far, not a total declared by the PSP). Idempotent on (flow, revision,
 * IUV, IUR, transfer): a repeated payment changes nothing and answers `duplicate` (HTTP 200).
 */
export async function importGovpayRendicontazione(
  db: Database,
  ente: Pick<Ente, 'id' | 'fiscalCode'>,
  body: GovpayRendicontazione,
): Promise<{ kind: 'created'; flowRowId: string; matched: boolean } | { kind: 'duplicate'; flowRowId: string }> {
  if (body.idDominio !== ente.fiscalCode) throw new Error('Rendicontazione di un altro Ente: il chiamante doveva verificarlo');
  const revision = body.revisione ?? 1;
  return db.transaction(async (tx) => {
    await lockFlow(tx, ente.id, body.idFlusso, body.idPsp);
    const key = and(
      eq(reportingFlows.enteId, ente.id),
      eq(reportingFlows.flowId, body.idFlusso),
      eq(reportingFlows.pspId, body.idPsp),
      eq(reportingFlows.revision, revision),
    );
    let [flow] = await tx.select({ id: reportingFlows.id, totPayments: reportingFlows.totPayments }).from(reportingFlows).where(key);
    let revisions: { superseded: boolean; positions: string[] } = { superseded: false, positions: [] };
    if (!flow) {
      [flow] = await tx
        .insert(reportingFlows)
        .values({
          enteId: ente.id,
          flowId: body.idFlusso,
          pspId: body.idPsp,
          revision,
          flowDate: new Date(body.dataFlusso),
          regulation: body.trn,
          regulationDate: body.dataRegolamento,
          bicCodePouringBank: body.bicRiversamento || null,
          totPayments: 0,
          sumCents: 0,
          source: 'govpay',
        })
        .returning({ id: reportingFlows.id, totPayments: reportingFlows.totPayments });
      revisions = await settleRevisions(tx, ente.id, { id: flow!.id, flowId: body.idFlusso, pspId: body.idPsp, revision });
    }
    const flowRowId = flow!.id;
    const [already] = await tx
      .select({ id: reportingPayments.id })
      .from(reportingPayments)
      .where(
        and(
          eq(reportingPayments.flowRowId, flowRowId),
          eq(reportingPayments.iuv, body.iuv),
          eq(reportingPayments.iur, body.iur),
          eq(reportingPayments.idTransfer, body.indice),
        ),
      );
    if (already) return { kind: 'duplicate', flowRowId } as const;
    const [payment] = await tx
      .insert(reportingPayments)
      .values({
        flowRowId,
        enteId: ente.id,
        paymentIndex: flow!.totPayments + 1,
        iuv: body.iuv,
        iur: body.iur,
        idTransfer: body.indice,
        amountCents: body.importo,
        outcome: govpayOutcome(body.esito),
        payDate: body.data,
      })
      .returning({ id: reportingPayments.id });
    await tx
      .update(reportingFlows)
      .set({ totPayments: sql`${reportingFlows.totPayments} + 1`, sumCents: sql`${reportingFlows.sumCents} + ${body.importo}` })
      .where(eq(reportingFlows.id, flowRowId));
    const matched = await matchFlowPayments(tx, ente.id, flowRowId);
    await refreshReported(tx, ente.id, [...matched, ...revisions.positions]);
    const [state] = await tx
      .select({ matchedAt: reportingPayments.matchedAt })
      .from(reportingPayments)
      .where(eq(reportingPayments.id, payment!.id));
    return { kind: 'created', flowRowId, matched: state?.matchedAt != null } as const;
  });
}

/**
 * Matches again the payments that found no receipt when their flow arrived: a receipt recovered later (a
 * lost callback, a notice paid at a PSP) still gets reported. One transaction per Ente; returns how many
 * positions it looked at.
 */
export async function rematchUnmatchedPayments(db: Database): Promise<number> {
  const pending = await db
    .selectDistinct({ enteId: reportingPayments.enteId })
    .from(reportingPayments)
    .where(isNull(reportingPayments.positionId));
  let touched = 0;
  for (const { enteId } of pending) {
    touched += await db.transaction(async (tx) => {
      const positions = await matchFlowPayments(tx, enteId, null);
      await refreshReported(tx, enteId, positions);
      return positions.length;
    });
  }
  return touched;
}
