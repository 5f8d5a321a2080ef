import type { Database } from '@/db';
import type { Ente, Position } from '@/db/schema';
import { recordReceipt } from '@/lib/payments/record-receipt';
import type { ReportingFlowData } from '@/lib/partners/types';
import { newPosition, receiptFor } from './payments';

/** A paid position whose receipt has one transfer per amount (1 to 5), through the real receipt path. */
export async function paidWithTransfers(
  db: Database,
  ente: Ente,
  amounts: number[],
  receiptId: string,
): Promise<{ position: Position; receiptRowId: string }> {
  const total = amounts.reduce((a, b) => a + b, 0);
  const position = await newPosition(db, ente, total);
  const base = receiptFor(ente, position, receiptId);
  const outcome = await recordReceipt(db, ente, 'sandbox', {
    ...base,
    transfers: amounts.map((amountCents, i) => ({ ...base.transfers[0]!, idTransfer: i + 1, amountCents })),
  });
  if (outcome.kind !== 'receipt_created') throw new Error(`ricevuta non creata: ${outcome.kind}`);
  return { position, receiptRowId: outcome.receiptRowId };
}

type FlowPayment = ReportingFlowData['payments'][number];

/** A flow with these payments (index, IUR and pay date filled in when absent), totals computed. */
export function flowOf(
  flowId: string,
  payments: (Pick<FlowPayment, 'iuv' | 'amountCents'> & Partial<FlowPayment>)[],
  extra: Partial<ReportingFlowData> = {},
): ReportingFlowData {
  const full = payments.map((p, i) => ({
    index: i + 1,
    iur: `IUR${flowId.slice(-6)}${i + 1}`,
    idTransfer: 1,
    outcome: 'EXECUTED' as const,
    payDate: '2030-03-01',
    ...p,
  }));
  return {
    flowId,
    pspId: 'BCITITMM',
    revision: 1,
    flowDate: '2030-03-02T08:00:00Z',
    regulation: `TRN${flowId.slice(-10)}`,
    regulationDate: '2030-03-03',
    pspName: 'Intesa Sanpaolo S.p.A.',
    totPayments: full.length,
    sumCents: full.reduce((sum, p) => sum + p.amountCents, 0),
    payments: full,
    ...extra,
  };
}
