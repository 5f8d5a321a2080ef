import type { ReceiptSubject, ReceiptTransfer } from '@/db/schema';

/**
 * What the portal needs from a technology partner (intermediario). Shaped so that the sandbox, GovPay
 * (API Pendenze v2 + API Ente notifications) and pagoPA GPD + Checkout `POST /carts` all fit:
 * positions are registered ahead of payment, a cart of up to 5 notices is paid in one checkout, and
 * receipts arrive as callbacks, with a status query for recovery. Amounts are always cents here; an
 * adapter converts at its own boundary.
 */
export interface PartnerContext {
  /** The Ente's 11-digit codice fiscale (idDominio / organizationFiscalCode). */
  creditorFiscalCode: string;
  companyName: string;
}

export interface PositionForPartner {
  /** Our id, a stable idempotency key (GovPay idPendenza, GPD iupd). */
  id: string;
  noticeNumber: string;
  iuv: string;
  amountCents: number;
  description: string;
  dueDate: string | null;
  debtor: ReceiptSubject | null;
  iban: string;
  taxonomyCode: string;
}

export interface CheckoutRequest {
  cartId: string;
  notices: { noticeNumber: string; amountCents: number; description: string }[];
  returnUrls: { ok: string; cancel: string; error: string };
  payerEmail?: string;
}

export interface CheckoutSession {
  sessionId: string;
  redirectUrl: string;
}

/** A receipt as a partner hands it over (pagoPA ctReceiptV2, amounts in cents). */
export interface PartnerReceipt {
  receiptId: string;
  noticeNumber: string;
  creditorFiscalCode: string;
  outcome: 'OK';
  creditorReferenceId: string;
  amountCents: number;
  description: string;
  companyName: string;
  officeName?: string;
  debtor?: ReceiptSubject;
  payer?: ReceiptSubject;
  transfers: ReceiptTransfer[];
  idPsp: string;
  pspFiscalCode?: string;
  pspName: string;
  idChannel: string;
  channelDescription?: string;
  paymentMethod?: string;
  feeCents?: number;
  paymentDateTime: string;
  applicationDate?: string;
  transferDate?: string;
}

export type NoticeStatus = { state: 'paid'; receipt: PartnerReceipt } | { state: 'unpaid' } | { state: 'unknown' };

export type CallbackVerification = { ok: true; receipts: PartnerReceipt[] } | { ok: false; status: 400 | 401; reason: string };

export interface PaymentPartner {
  readonly code: 'sandbox' | 'nordcom_tim' | 'unimatica' | 'maggioli' | 'dedagroup';
  /** Idempotent: registering the same position twice is not an error. Throws PartnerUnavailableError on transient failure. */
  registerPosition(ctx: PartnerContext, position: PositionForPartner): Promise<void>;
  startCheckout(ctx: PartnerContext, request: CheckoutRequest): Promise<CheckoutSession>;
  /** For recovery when a callback never came. */
  fetchNoticeStatus(ctx: PartnerContext, noticeNumber: string): Promise<NoticeStatus>;
}

/** The partner could not be reached or answered with a transient error: retry later. */
export class PartnerUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PartnerUnavailableError';
  }
}
