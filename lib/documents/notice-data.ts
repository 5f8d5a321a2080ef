import type { Ente, Position } from '@/db/schema';
import type { ProviderIdentity } from '@/lib/provider/current';
import type { NoticeDocumentData, NoticePayment } from './avviso/notice-document-data';

type NoticePosition = Pick<
  Position,
  'causale' | 'amountCents' | 'dueDate' | 'noticeNumber' | 'debtorFiscalCode' | 'debtorName' | 'debtorAddress' | 'installment' | 'status'
>;

export type NoticeEnte = Pick<
  Ente,
  | 'name'
  | 'fiscalCode'
  | 'cbill'
  | 'sector'
  | 'website'
  | 'phone'
  | 'email'
  | 'postalAccountNumber'
  | 'postalAccountHolder'
  | 'postalAuthorization'
>;

const option = (position: NoticePosition): NoticePayment => ({
  noticeNumber: position.noticeNumber,
  amountCents: position.amountCents,
  dueDate: position.dueDate,
});

/**
 * What the avviso of a position prints: one mapping for the single download and the bulk ZIP alike. A position of a
 * plan prints the whole plan (`plan`, from loadPlan): its single payment and instalments still open, and itself.
 */
export function noticeDocumentData(
  ente: NoticeEnte,
  position: NoticePosition,
  provider: Pick<ProviderIdentity, 'configured' | 'name'>,
  extras: { plan?: NoticePosition[]; logo?: { data: Buffer; mime: string } } = {},
): NoticeDocumentData {
  const contacts = [ente.website?.replace(/^https?:\/\//, ''), ente.phone, ente.email].filter(Boolean).join(' · ');
  const printed = (extras.plan ?? []).filter(
    (member) => member.noticeNumber === position.noticeNumber || member.status === 'valid' || member.status === 'expired',
  );
  const single = extras.plan ? printed.find((member) => member.installment === 0) : position;
  const instalments = printed.filter((member) => (member.installment ?? 0) > 0);
  return {
    subject: position.causale,
    amountCents: position.amountCents,
    dueDate: position.dueDate,
    noticeNumber: position.noticeNumber,
    single: single ? option(single) : null,
    instalments: instalments.map(option),
    ente: {
      name: ente.name,
      fiscalCode: ente.fiscalCode,
      cbill: ente.cbill,
      sector: ente.sector ?? undefined,
      info: contacts,
      // Every avviso issued here can be paid on this portal, the Ente's own payments site.
      payableOnSiteOf: ente.name,
      logo: extras.logo ? { data: extras.logo.data, format: extras.logo.mime === 'image/png' ? 'png' : 'jpg' } : undefined,
      postal:
        ente.postalAccountNumber && ente.postalAccountHolder
          ? { accountNumber: ente.postalAccountNumber, holder: ente.postalAccountHolder, authorization: ente.postalAuthorization }
          : undefined,
    },
    debtor: { fiscalCode: position.debtorFiscalCode, fullName: position.debtorName, address: position.debtorAddress },
    portalProvider: provider.configured ? provider.name : undefined,
  };
}
