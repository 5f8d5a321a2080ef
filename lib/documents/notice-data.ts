import type { Ente, Position } from '@/db/schema';
import type { ProviderIdentity } from '@/lib/provider/current';
import type { NoticeDocumentData } from './notice-pdf';

/** What the avviso of a position prints: one mapping for the single download and the bulk ZIP alike. */
export function noticeDocumentData(
  ente: Pick<Ente, 'name' | 'fiscalCode' | 'cbill' | 'sector' | 'website' | 'phone' | 'email'>,
  position: Pick<Position, 'causale' | 'amountCents' | 'dueDate' | 'noticeNumber' | 'debtorFiscalCode' | 'debtorName'>,
  provider: Pick<ProviderIdentity, 'configured' | 'name'>,
): NoticeDocumentData {
  const contacts = [ente.website?.replace(/^https?:\/\//, ''), ente.phone, ente.email].filter(Boolean).join(' · ');
  return {
    subject: position.causale,
    amountCents: position.amountCents,
    dueDate: position.dueDate,
    noticeNumber: position.noticeNumber,
    ente: {
      name: ente.name,
      fiscalCode: ente.fiscalCode,
      cbill: ente.cbill,
      sector: ente.sector ?? undefined,
      info: contacts,
      onlineChannel: `sul sito di ${ente.name}`,
    },
    debtor: { fiscalCode: position.debtorFiscalCode, fullName: position.debtorName },
    portalProvider: provider.configured ? provider.name : undefined,
  };
}
