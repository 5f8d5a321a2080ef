import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { anomalies, enti, memberships, receipts } from '../schema';
import { recordRefund } from '@/lib/anomalies/refunds';
import { italianDay } from '@/lib/format/date';
import { recordReceipt } from '@/lib/payments/record-receipt';
import type { PartnerReceipt } from '@/lib/partners/types';

/**
 * The demo's anomaly, the commonest one: Mario Rossi paid his first TARI instalment online (the seeded
 * payment) and again at the post office with the printed avviso. The second receipt joins the chain flagged
 * (not payable: the notice was already paid) and the Comune's admin records the refund by bank transfer, so
 * the back office shows a resolved anomaly with its refund. Runs after the seeded payment's receipt exists.
 */
export async function seedRefundedDoublePayment(db: Database): Promise<void> {
  const [demo] = await db.select().from(enti).where(eq(enti.slug, 'comune-demo'));
  if (!demo) return;
  const [first] = await db.select().from(receipts).where(eq(receipts.enteId, demo.id)).orderBy(asc(receipts.seq)).limit(1);
  if (!first || !first.debtor) return;
  const paidAt = new Date(first.paymentDateTime.getTime() + 2 * 3_600_000);
  const second: PartnerReceipt = {
    receiptId: `${first.receiptId}-POSTE`,
    noticeNumber: first.noticeNumber,
    creditorFiscalCode: demo.fiscalCode,
    outcome: 'OK',
    creditorReferenceId: first.creditorReferenceId,
    amountCents: first.amountCents,
    description: first.description,
    companyName: first.companyName,
    debtor: first.debtor,
    payer: first.debtor,
    transfers: first.transfers,
    idPsp: 'BPPIITRRXXX',
    pspName: 'Poste Italiane S.p.A.',
    idChannel: 'BPPIITRRXXX_01',
    channelDescription: 'Ufficio postale',
    paymentMethod: 'CONT',
    feeCents: 150,
    paymentDateTime: paidAt.toISOString(),
  };
  // As the sandbox partner delivers a receipt: its JSON is the original document.
  const original = { format: 'json' as const, bytes: Buffer.from(JSON.stringify(second), 'utf8') };
  const outcome = await recordReceipt(db, demo, 'sandbox', { ...second, original });
  if (outcome.kind !== 'anomaly') return;
  const [anomaly] = await db.select({ id: anomalies.id }).from(anomalies).where(eq(anomalies.receiptRowId, outcome.receiptRowId));
  const [admin] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.enteId, demo.id), eq(memberships.role, 'ente_admin')))
    .limit(1);
  if (!anomaly || !admin) return;
  await recordRefund(
    db,
    { enteId: demo.id, serviceIds: null },
    {
      anomalyId: anomaly.id,
      method: 'bonifico',
      reference: '0306909606123456',
      amountCents: second.amountCents,
      // Today: the seeded payments are recent, and a refund is never dated after it was recorded.
      refundedOn: italianDay(new Date()),
      note: 'Rata pagata due volte (online e all’ufficio postale): restituita sul conto del contribuente.',
      actorUserId: admin.userId,
      address: null,
    },
  );
}
