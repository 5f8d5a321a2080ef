import type { Database } from '@/db';
import type { Ente, Position, Receipt } from '@/db/schema';
import { findServiceTitle } from '@/lib/catalogue/queries';
import { findProviderProfile } from '@/lib/provider/profile';
import { renderNoticePdf } from './notice-pdf';
import { renderReceiptPdf } from './receipt-pdf';

/** The avviso PDF of one of the Ente's positions, as every channel prints it (citizen link, staff, API). */
export async function renderPositionNotice(db: Database, ente: Ente, position: Position): Promise<Buffer> {
  const provider = await findProviderProfile(db);
  const contacts = [ente.website?.replace(/^https?:\/\//, ''), ente.phone, ente.email].filter(Boolean).join(' · ');
  return renderNoticePdf({
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
    portalProvider: provider?.name,
  });
}

/** The ricevuta PDF of one of the Ente's receipts, with the title its service has now. */
export async function renderStoredReceipt(db: Database, ente: Ente, found: { receipt: Receipt; position: Position }): Promise<Buffer> {
  return renderReceiptPdf({
    receipt: found.receipt,
    serviceTitle: await findServiceTitle(db, ente.id, found.position.serviceId),
    ente: { name: ente.name, fiscalCode: ente.fiscalCode, address: ente.address },
  });
}
