import type { Database } from '@/db';
import type { Ente, Position, Receipt } from '@/db/schema';
import { serviceTitleOf } from '@/lib/positions/service-title';
import { identityOf } from '@/lib/provider/current';
import { findProviderProfile } from '@/lib/provider/profile';
import { noticeDataFor } from './notice-data-loader';
import { renderNoticePdf } from './notice-pdf';
import { renderReceiptPdf } from './receipt-pdf';

/** The avviso PDF of one of the Ente's positions, as every channel prints it (citizen link, staff, API). */
export async function renderPositionNotice(db: Database, ente: Ente, position: Position): Promise<Buffer> {
  return renderNoticePdf(await noticeDataFor(db, ente, position, identityOf(await findProviderProfile(db))));
}

/** The ricevuta PDF of one of the Ente's receipts, with the title its service had when the position was issued. */
export async function renderStoredReceipt(db: Database, ente: Ente, found: { receipt: Receipt; position: Position }): Promise<Buffer> {
  return renderReceiptPdf({
    receipt: found.receipt,
    serviceTitle: await serviceTitleOf(db, found.position),
    ente: { name: ente.name, fiscalCode: ente.fiscalCode, address: ente.address },
  });
}
