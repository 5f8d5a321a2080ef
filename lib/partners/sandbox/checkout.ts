import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { sandboxCheckouts, sandboxNotices } from '@/db/schema';
import { enqueue } from '@/lib/jobs/queue';
import type { PartnerReceipt } from '../types';
import type { SandboxFault } from './faults';

export const SANDBOX_PSPS = [
  { id: 'BCITITMM', name: 'Intesa Sanpaolo S.p.A.', method: 'CP', feeCents: 100 },
  { id: 'UNCRITMM', name: 'UniCredit S.p.A.', method: 'BBT', feeCents: 150 },
  { id: 'BPPIITRRXXX', name: 'Poste Italiane S.p.A.', method: 'PPAL', feeCents: 120 },
  { id: 'SATYLUL1', name: 'Satispay Europe S.A.', method: 'APP', feeCents: 50 },
] as const;

export const DELIVERY_QUEUE = 'sandbox.deliver';

export type CheckoutChoice = 'pay' | 'cancel' | 'fail';

export async function findSandboxCheckout(db: Database, id: string) {
  const [checkout] = await db.select().from(sandboxCheckouts).where(eq(sandboxCheckouts.id, id));
  return checkout;
}

/**
 * The payer's decision on the sandbox checkout page. Paying issues one receipt per notice (kept by the
 * sandbox for status queries) and schedules the signed callbacks, shaped by the chosen faults.
 * Returns where the sandbox sends the browser back. Repeating a decision changes nothing.
 */
export async function completeSandboxCheckout(
  db: Database,
  checkoutId: string,
  choice: CheckoutChoice,
  pspId: string,
  faults: readonly SandboxFault[],
): Promise<string> {
  const checkout = await findSandboxCheckout(db, checkoutId);
  if (!checkout) throw new Error('Sandbox: sessione di pagamento inesistente');
  if (checkout.status !== 'pending') {
    return checkout.status === 'paid'
      ? checkout.returnOkUrl
      : checkout.status === 'cancelled'
        ? checkout.returnCancelUrl
        : checkout.returnErrorUrl;
  }
  if (choice !== 'pay') {
    await db
      .update(sandboxCheckouts)
      .set({ status: choice === 'cancel' ? 'cancelled' : 'failed', completedAt: new Date() })
      .where(eq(sandboxCheckouts.id, checkoutId));
    return choice === 'cancel' ? checkout.returnCancelUrl : checkout.returnErrorUrl;
  }
  const psp = SANDBOX_PSPS.find((p) => p.id === pspId) ?? SANDBOX_PSPS[0];
  const now = new Date();
  const issued: PartnerReceipt[] = [];
  for (const item of checkout.notices) {
    const [notice] = await db
      .select()
      .from(sandboxNotices)
      .where(and(eq(sandboxNotices.creditorFiscalCode, checkout.creditorFiscalCode), eq(sandboxNotices.noticeNumber, item.noticeNumber)));
    if (!notice) throw new Error(`Sandbox: avviso ${item.noticeNumber} non registrato`);
    if (notice.receipt) continue;
    const receipt: PartnerReceipt = {
      receiptId: randomUUID().replace(/-/g, ''),
      noticeNumber: notice.noticeNumber,
      creditorFiscalCode: notice.creditorFiscalCode,
      outcome: 'OK',
      creditorReferenceId: notice.noticeNumber.slice(1),
      amountCents: notice.amountCents,
      description: notice.description,
      companyName: notice.companyName,
      debtor: notice.debtor ?? undefined,
      payer: checkout.email ? { type: 'F', fiscalCode: 'ANONIMO', fullName: 'Pagatore', email: checkout.email } : undefined,
      transfers: [
        {
          idTransfer: 1,
          amountCents: notice.amountCents,
          fiscalCodePA: notice.creditorFiscalCode,
          iban: notice.iban,
          remittanceInformation: notice.description,
          transferCategory: notice.taxonomyCode,
        },
      ],
      idPsp: psp.id,
      pspName: psp.name,
      idChannel: `${psp.id}_01`,
      channelDescription: 'Sandbox',
      paymentMethod: psp.method,
      feeCents: psp.feeCents,
      paymentDateTime: now.toISOString(),
      applicationDate: now.toISOString().slice(0, 10),
    };
    await db
      .update(sandboxNotices)
      .set({ receipt: receipt as unknown as Record<string, unknown> })
      .where(and(eq(sandboxNotices.creditorFiscalCode, notice.creditorFiscalCode), eq(sandboxNotices.noticeNumber, notice.noticeNumber)));
    issued.push(receipt);
  }
  await db
    .update(sandboxCheckouts)
    .set({ status: 'paid', completedAt: now, faults: [...faults] })
    .where(eq(sandboxCheckouts.id, checkoutId));
  await scheduleCallbacks(db, checkout.creditorFiscalCode, issued, faults, now);
  return checkout.returnOkUrl;
}

async function scheduleCallbacks(
  db: Database,
  creditorFiscalCode: string,
  issued: PartnerReceipt[],
  faults: readonly SandboxFault[],
  now: Date,
) {
  if (faults.includes('callback_lost')) return;
  const ordered = faults.includes('callback_out_of_order') ? [...issued].reverse() : issued;
  const copies = faults.includes('callback_duplicate') ? 2 : 1;
  const delayMs = faults.includes('callback_delay') ? 20_000 : 0;
  for (const [index, receipt] of ordered.entries()) {
    const body = JSON.stringify({ type: 'receipt', creditorFiscalCode, receipt });
    for (let copy = 1; copy <= copies; copy++) {
      await enqueue(
        db,
        DELIVERY_QUEUE,
        { creditorFiscalCode, body },
        { runAt: new Date(now.getTime() + delayMs + index * 1_000), singletonKey: `${receipt.receiptId}:${copy}`, maxAttempts: 30 },
      );
    }
  }
}
