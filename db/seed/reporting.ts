import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, receipts } from '@/db/schema';
import { importReportingFlow } from '@/lib/reconciliation/import';

/**
 * A flusso di rendicontazione for the demo Ente, as a PSP would publish it the day after: it reports every
 * transfer of the seeded payments (which become «rendicontate») and one payment we have no receipt for, so
 * that the reconciliation pages show a matched flow and an anomaly. Runs after the receipts exist.
 */
export async function seedReportingFlows(db: Database): Promise<void> {
  const [demo] = await db.select({ id: enti.id }).from(enti).where(eq(enti.slug, 'comune-demo'));
  if (!demo) return;
  const paid = await db
    .select()
    .from(receipts)
    .where(and(eq(receipts.enteId, demo.id), eq(receipts.partner, 'sandbox')));
  if (paid.length === 0) return;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const payments = paid.flatMap((receipt, r) =>
    receipt.transfers.map((transfer, t) => ({
      index: r * 5 + t + 1,
      iuv: receipt.creditorReferenceId,
      iur: `IUR${String(r + 1).padStart(4, '0')}${t + 1}`,
      idTransfer: transfer.idTransfer,
      amountCents: transfer.amountCents,
      outcome: 'EXECUTED' as const,
      payDate: receipt.paymentDateTime.toISOString().slice(0, 10),
    })),
  );
  // A payment the PSP settled for a notice this portal never saw paid: the anomaly staff must look into.
  payments.push({
    index: payments.length + 1,
    iuv: '01999999999999999',
    iur: 'IUR-DEMO-ANOMALIA',
    idTransfer: 1,
    amountCents: 1_000,
    outcome: 'EXECUTED',
    payDate: day(-1),
  });
  await importReportingFlow(
    db,
    demo,
    {
      flowId: `${day(0)}BCITITMM-S000000001`,
      pspId: 'BCITITMM',
      revision: 1,
      flowDate: new Date().toISOString(),
      regulation: `SCT-DEMO-${day(0)}`,
      regulationDate: day(0),
      pspName: 'Intesa Sanpaolo S.p.A.',
      totPayments: payments.length,
      sumCents: payments.reduce((sum, p) => sum + p.amountCents, 0),
      payments,
    },
    'fdr',
  );
}
