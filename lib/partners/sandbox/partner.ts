import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { sandboxCheckouts, sandboxNotices } from '@/db/schema';
import {
  PartnerUnavailableError,
  type CheckoutRequest,
  type CheckoutSession,
  type NoticeStatus,
  type PartnerContext,
  type PaymentPartner,
  type PositionForPartner,
} from '../types';
import { partnerReceiptSchema } from '../receipt-schema';
import type { SandboxFault } from './faults';

export interface SandboxOptions {
  db: Database;
  /** Absolute URL of the sandbox checkout pages, e.g. http://localhost:3000/sandbox/checkout */
  checkoutBaseUrl: string;
  faults: readonly SandboxFault[];
}

/**
 * The built-in sandbox intermediary. It keeps its own records (sandbox_* tables), shows its own checkout
 * pages and sends signed callbacks like a real partner; the portal only talks to it through this interface.
 */
export function createSandboxPartner(options: SandboxOptions): PaymentPartner {
  const { db } = options;
  return {
    code: 'sandbox',
    capabilities: new Set(['register', 'status', 'checkout', 'receipt_push', 'receipt_pull'] as const),

    async registerPosition(ctx: PartnerContext, position: PositionForPartner) {
      if (options.faults.includes('register_unavailable'))
        throw new PartnerUnavailableError('Sandbox: servizio non raggiungibile (guasto simulato)');
      await db
        .insert(sandboxNotices)
        .values({
          creditorFiscalCode: ctx.creditorFiscalCode,
          noticeNumber: position.noticeNumber,
          amountCents: position.amountCents,
          description: position.description,
          companyName: ctx.companyName,
          debtor: position.debtor,
          iban: position.iban,
          taxonomyCode: position.taxonomyCode,
        })
        .onConflictDoNothing();
    },

    async startCheckout(ctx: PartnerContext, request: CheckoutRequest): Promise<CheckoutSession> {
      if (request.notices.length < 1 || request.notices.length > 5) throw new Error('Un carrello contiene da 1 a 5 avvisi');
      for (const notice of request.notices) {
        const [known] = await db
          .select({ amountCents: sandboxNotices.amountCents })
          .from(sandboxNotices)
          .where(and(eq(sandboxNotices.creditorFiscalCode, ctx.creditorFiscalCode), eq(sandboxNotices.noticeNumber, notice.noticeNumber)));
        if (!known) throw new Error(`Sandbox: avviso ${notice.noticeNumber} non registrato`);
      }
      const [checkout] = await db
        .insert(sandboxCheckouts)
        .values({
          creditorFiscalCode: ctx.creditorFiscalCode,
          notices: request.notices.map((n) => ({ ...n, companyName: ctx.companyName })),
          returnOkUrl: request.returnUrls.ok,
          returnCancelUrl: request.returnUrls.cancel,
          returnErrorUrl: request.returnUrls.error,
          email: request.payerEmail,
        })
        .returning({ id: sandboxCheckouts.id });
      return { sessionId: checkout!.id, redirectUrl: `${options.checkoutBaseUrl}/${checkout!.id}` };
    },

    async fetchNoticeStatus(ctx: PartnerContext, noticeNumber: string): Promise<NoticeStatus> {
      const [notice] = await db
        .select({ receipt: sandboxNotices.receipt })
        .from(sandboxNotices)
        .where(and(eq(sandboxNotices.creditorFiscalCode, ctx.creditorFiscalCode), eq(sandboxNotices.noticeNumber, noticeNumber)));
      if (!notice) return { state: 'unknown' };
      if (!notice.receipt) return { state: 'unpaid' };
      // What the sandbox hands over is this JSON: it is the receipt's original document.
      const original = { format: 'json' as const, bytes: Buffer.from(JSON.stringify(notice.receipt)) };
      return { state: 'paid', receipt: { ...partnerReceiptSchema.parse(notice.receipt), original } };
    },
  };
}
