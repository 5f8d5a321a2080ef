import type { PositionTransfer, ReceiptSubject, ReceiptTransfer } from '@/db/schema';

/**
 * What the portal needs from a technology partner (intermediario). Shaped so that the sandbox, GovPay
 * (API Pendenze v2 + Ragioneria v3 + the Ente-side notification API) and pagoPA GPD + Checkout `POST /carts`
 * all fit: positions are registered ahead of payment, a cart of up to 5 notices is paid in one checkout, and
 * receipts arrive pushed, with a pull for recovery. Amounts are always cents here; an adapter converts at
 * its own boundary. Each adapter declares what it can do (`capabilities`); the core asks for nothing else.
 */
export interface PartnerContext {
  /** The Ente's 11-digit codice fiscale (idDominio / organizationFiscalCode). */
  creditorFiscalCode: string;
  companyName: string;
  /** Our Ente id: adapters that keep a per-Ente connection (URL, credentials) look it up with it. */
  enteId?: string;
}
export interface PositionForPartner {
  /** Our id, a stable idempotency key (GovPay idPendenza without hyphens, GPD iupd). */
  id: string;
  noticeNumber: string;
  iuv: string;
  amountCents: number;
  description: string;
  /**
   * Never null for a real partner: GPD requires it, so a position without its own due date gets the
   * portal's default validity (lib/positions/partner-position.ts). `dueDateBinding` says whether it is the
   * debt's own (pagoPA switchToExpired) or only that default.
   */
  dueDate: string | null;
  dueDateBinding?: boolean;
  /** The debtor, or for an anonymous spontaneous payment the placeholder the partner requires. */
  debtor: ReceiptSubject | null;
  debtorAddress?: string;
  /** Kept for the sandbox, which records one IBAN and one taxonomy; real adapters use `transfers`. */
  iban: string;
  taxonomyCode: string;
  /** 1 to 5 transfers summing to amountCents. */
  transfers?: PositionTransfer[];
  /** The service's code at the partner (GovPay idTipoPendenza). */
  serviceCode?: string;
  /** The Ente's settore (GPD officeName). */
  officeName?: string;
}

export interface CheckoutRequest {
  cartId: string;
  notices: { noticeNumber: string; amountCents: number; description: string }[];
  /** `waiting`: where Checkout v2 sends the payer while the outcome is not known yet (returnWaitingUrl). */
  returnUrls: { ok: string; cancel: string; error: string; waiting?: string };
  payerEmail?: string;
}

export interface CheckoutSession {
  sessionId: string;
  redirectUrl: string;
}

/** A receipt as a partner hands it over (pagoPA ctReceiptV2, amounts in cents, timestamps with an offset). */
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
  pspVatNumber?: string;
  pspName: string;
  idChannel: string;
  channelDescription?: string;
  paymentMethod?: string;
  feeCents?: number;
  paymentDateTime: string;
  applicationDate?: string;
  transferDate?: string;
  paymentNote?: string;
  metadata?: Record<string, string>;
  standIn?: boolean;
  /** The receipt as delivered, byte for byte: the document to preserve (XML, or the JSON of a partner without XML). */
  original?: { format: 'xml' | 'json'; bytes: Buffer };
}

export type NoticeStatus =
  | { state: 'paid'; receipt: PartnerReceipt }
  /** Paid, but the partner cannot hand over the receipt yet: ask again later. */
  | { state: 'paid_without_receipt' }
  | { state: 'unpaid' }
  | { state: 'cancelled' }
  | { state: 'expired' }
  | { state: 'unknown' };

/** A notice the partner knows, created outside the portal (e.g. the partner's own TARI notices). */
export interface PartnerNotice {
  noticeNumber: string;
  iuv: string;
  amountCents: number;
  description: string;
  dueDate: string | null;
  debtor: ReceiptSubject | null;
  /** Payable now at the partner. */
  payable: boolean;
}

/** The header of a flusso di rendicontazione as a partner lists it. */
export interface ReportingFlowRef {
  flowId: string;
  pspId: string;
  revision: number;
  flowDate: string;
}

/** A whole flusso di rendicontazione, amounts in cents. */
export interface ReportingFlowData extends ReportingFlowRef {
  regulation: string;
  regulationDate: string;
  bicCodePouringBank?: string;
  pspName?: string;
  totPayments: number;
  sumCents: number;
  payments: {
    index: number;
    iuv: string;
    iur: string;
    idTransfer: number;
    amountCents: number;
    outcome: 'EXECUTED' | 'REVOKED' | 'STAND_IN' | 'STAND_IN_NO_RPT' | 'NO_RPT';
    payDate: string;
  }[];
}

/** What a "test connection" found, one line per operation tried. */
export interface ConnectionCheck {
  operation: string;
  ok: boolean;
  detail: string;
}

export type PartnerCapability =
  'register' | 'invalidate' | 'status' | 'checkout' | 'receipt_push' | 'receipt_pull' | 'find_notice' | 'reporting_flows';

export type CallbackVerification = { ok: true; receipts: PartnerReceipt[] } | { ok: false; status: 400 | 401; reason: string };

export interface PaymentPartner {
  readonly code: 'sandbox' | 'nordcom_tim' | 'unimatica' | 'maggioli' | 'dedagroup';
  readonly capabilities: ReadonlySet<PartnerCapability>;
  /** Idempotent: registering the same position twice is not an error. Throws PartnerUnavailableError on transient failure. */
  registerPosition(ctx: PartnerContext, position: PositionForPartner): Promise<void>;
  startCheckout(ctx: PartnerContext, request: CheckoutRequest): Promise<CheckoutSession>;
  /** For recovery when a callback never came: the receipt itself when the partner has it (pull). */
  fetchNoticeStatus(ctx: PartnerContext, noticeNumber: string): Promise<NoticeStatus>;
  /** 'invalidate': the position can no longer be paid (cancelled or expired here). Idempotent. */
  invalidatePosition?(
    ctx: PartnerContext,
    position: Pick<PositionForPartner, 'id' | 'noticeNumber' | 'iuv'>,
    reason: string,
  ): Promise<void>;
  /** 'find_notice': a notice of this Ente that the partner knows and we may not. */
  findNotice?(ctx: PartnerContext, noticeNumber: string): Promise<PartnerNotice | null>;
  /** 'reporting_flows': flows published since `since`, and each one whole. */
  listReportingFlows?(ctx: PartnerContext, since: Date): Promise<ReportingFlowRef[]>;
  fetchReportingFlow?(ctx: PartnerContext, ref: ReportingFlowRef): Promise<ReportingFlowData>;
  /** Tries each operation it safely can (reads only) and says what works. */
  testConnection?(ctx: PartnerContext): Promise<ConnectionCheck[]>;
}

/** The partner refused the request for good (a 4xx other than a timeout): retrying the same call cannot help. */
export class PartnerRejectedError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PartnerRejectedError';
  }
}

/**
 * The partner could not be reached or answered with a transient error: retry later. `status` is the HTTP
 * status when it answered (429, 5xx); `retryAfterMs` how long it asked us to wait (Retry-After), when it did.
 */
export class PartnerUnavailableError extends Error {
  readonly status?: number;
  readonly retryAfterMs?: number;
  constructor(message: string, options?: { cause?: unknown; status?: number; retryAfterMs?: number }) {
    super(message, options);
    this.name = 'PartnerUnavailableError';
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
  }
}
