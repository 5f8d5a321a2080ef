import type { Ente, Position, ReceiptSubject, Service } from '@/db/schema';
import type { PositionForPartner } from '@/lib/partners/types';
import { transfersOf } from './transfers';
import { italianDay } from '@/lib/format/date';

/**
 * The debtor a partner is given for an anonymous spontaneous payment: GPD and GovPay both require one.
 * `ANONIMO` is the common practice among intermediaries (reference/partners.md §0), NOT verified against
 * GPD's or GovPay's validation: if a partner refuses it, this constant is the one place to change.
 */
export const ANONYMOUS_DEBTOR: ReceiptSubject = Object.freeze({ type: 'F', fiscalCode: 'ANONIMO', fullName: 'ANONIMO' });

export type EnteForPartner = Pick<Ente, 'name'> & Partial<Pick<Ente, 'sector'>>;
export type ServiceForPartner = Pick<Service, 'code' | 'partnerServiceCode'>;

/**
 * The one builder of what a partner receives for a position.
 * - dueDate: always set. The position's own is binding (`dueDateBinding`, pagoPA switchToExpired); without
 *   one, today in Rome + `defaultValidityDays` (DEFAULT_VALIDITY_DAYS), not binding.
 * - serviceCode: the service's `partner_service_code`, else its own code as it is: our codes
 *   (`[a-z0-9-]{1,35}`) already fit GovPay's idTipoPendenza (`[a-zA-Z0-9\-_\.]{1,35}`), and changing their
 *   case would only make them differ from what the Ente configured at GovPay.
 * - officeName: the Ente's sector, when it has one.
 */
export function positionForPartner(
  position: Position,
  ente: EnteForPartner,
  service: ServiceForPartner | null,
  options: { now: Date; defaultValidityDays: number },
): PositionForPartner {
  const transfers = transfersOf(position, ente.name);
  const debtor: ReceiptSubject = position.debtorFiscalCode
    ? {
        type: position.debtorType === 'G' ? 'G' : 'F',
        fiscalCode: position.debtorFiscalCode,
        fullName: position.debtorName ?? '',
        ...(position.debtorEmail ? { email: position.debtorEmail } : {}),
      }
    : { ...ANONYMOUS_DEBTOR };
  return {
    id: position.id,
    noticeNumber: position.noticeNumber,
    iuv: position.iuv,
    amountCents: position.amountCents,
    description: position.causale,
    dueDate: position.dueDate ?? italianDay(options.now, -options.defaultValidityDays),
    dueDateBinding: position.dueDate !== null,
    debtor,
    ...(position.debtorAddress ? { debtorAddress: position.debtorAddress } : {}),
    iban: transfers[0]!.iban ?? '',
    taxonomyCode: transfers[0]!.category,
    transfers,
    ...(service ? { serviceCode: service.partnerServiceCode ?? service.code } : {}),
    ...(ente.sector ? { officeName: ente.sector } : {}),
  };
}
