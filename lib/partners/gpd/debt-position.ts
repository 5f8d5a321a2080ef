import type { PositionTransfer } from '@/db/schema';
import { ANONYMOUS_DEBTOR } from '@/lib/positions/partner-position';
import { dateToRomeLocal } from '@/lib/format/rome-time';
import type { PartnerContext, PositionForPartner } from '../types';

/*
 * Our position as GPD's v1 PaymentPositionModel (reference partners.md §2.1, pagopa.md §3.2): amounts in
 * cents, dueDate a LocalDateTime without zone, up to 5 transfers summing to the option's amount.
 */

export interface GpdTransfer {
  idTransfer: string;
  amount: number;
  organizationFiscalCode: string;
  companyName?: string;
  remittanceInformation: string;
  category: string;
  iban?: string;
  postalIban?: string;
  stamp?: { hashDocument: string; stampType: string; provincialResidence: string };
}

export interface GpdPaymentOption {
  iuv: string;
  nav: string;
  amount: number;
  description: string;
  isPartialPayment: boolean;
  dueDate: string;
  transfer: GpdTransfer[];
}

export interface GpdDebtPosition {
  iupd: string;
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
  email?: string;
  streetName?: string;
  companyName: string;
  officeName?: string;
  switchToExpired: boolean;
  validityDate: null;
  paymentOption: GpdPaymentOption[];
}

/** The IUPD of one of our positions: the Ente's fiscal code and our UUID, as GPD's documentation suggests. */
export function iupdOf(ctx: Pick<PartnerContext, 'creditorFiscalCode'>, positionId: string): string {
  return `${ctx.creditorFiscalCode}-${positionId}`;
}

/**
 * The due date as GPD wants it: the end of the day, Italian wall time. A position without one (the core
 * should already have set a default, see PositionForPartner.dueDate) gets today + `defaultValidityDays`.
 */
export function gpdDueDate(dueDate: string | null, defaultValidityDays: number, now = new Date()): string {
  const day = dueDate ?? dateToRomeLocal(new Date(now.getTime() + defaultValidityDays * 86_400_000)).slice(0, 10);
  return `${day}T23:59:59`;
}

const cap = (value: string, max: number) => value.slice(0, max);

function gpdTransfer(t: PositionTransfer): GpdTransfer {
  return {
    idTransfer: String(t.idTransfer),
    amount: t.amountCents,
    organizationFiscalCode: t.fiscalCodePA,
    companyName: cap(t.companyName, 140),
    remittanceInformation: cap(t.remittanceInformation, 140),
    category: t.category,
    ...(t.stamp ? { stamp: t.stamp } : { ...(t.iban ? { iban: t.iban } : {}), ...(t.postalIban ? { postalIban: t.postalIban } : {}) }),
  };
}

/** The transfers GPD receives: the position's own, or one to the Ente's IBAN for positions written before them. */
export function gpdTransfers(ctx: PartnerContext, position: PositionForPartner): GpdTransfer[] {
  if (position.transfers?.length) return position.transfers.map(gpdTransfer);
  return [
    {
      idTransfer: '1',
      amount: position.amountCents,
      organizationFiscalCode: ctx.creditorFiscalCode,
      companyName: cap(ctx.companyName, 140),
      remittanceInformation: cap(position.description, 140),
      category: position.taxonomyCode,
      iban: position.iban,
    },
  ];
}

export function toDebtPosition(ctx: PartnerContext, position: PositionForPartner, defaultValidityDays: number): GpdDebtPosition {
  // GPD requires a debtor: the core already sends the placeholder for an anonymous payment; this covers direct callers.
  const debtor = position.debtor ?? ANONYMOUS_DEBTOR;
  return {
    iupd: iupdOf(ctx, position.id),
    type: debtor.type,
    fiscalCode: debtor.fiscalCode,
    // GPD requires a name; the core may know only the fiscal code.
    fullName: cap(debtor.fullName || debtor.fiscalCode, 140),
    ...(debtor.email ? { email: debtor.email } : {}),
    ...(position.debtorAddress ? { streetName: position.debtorAddress } : {}),
    companyName: cap(ctx.companyName, 140),
    ...(position.officeName ? { officeName: cap(position.officeName, 140) } : {}),
    switchToExpired: position.dueDateBinding ?? false,
    // Null with toPublish=true: VALID (payable) at once, the flow SANP recommends before Checkout.
    validityDate: null,
    paymentOption: [
      {
        iuv: position.iuv,
        nav: position.noticeNumber,
        amount: position.amountCents,
        description: cap(position.description, 140),
        isPartialPayment: false,
        dueDate: gpdDueDate(position.dueDate, defaultValidityDays),
        transfer: gpdTransfers(ctx, position),
      },
    ],
  };
}
