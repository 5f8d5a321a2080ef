import type { Database } from '@/db';
import type { Ente, Position, Receipt } from '@/db/schema';
import { serviceTitleOf } from '@/lib/positions/service-title';
import { noticeDataFor } from './notice-data-loader';
import { renderNotice } from './pool/notice-pool';
import { renderReceiptPdf } from './receipt-pdf';

/**
 * The avviso PDF of one of the Ente's positions, as every channel prints it (citizen link, staff, API), rendered by
 * one of the process's PDF threads: the request's event loop stays free for others meanwhile.
 */
export async function renderPositionNotice(db: Database, ente: Ente, position: Position): Promise<Buffer> {
  return renderNotice(await noticeDataFor(db, ente, position));
}

/**
 * The ricevuta PDF of one of the Ente's receipts, with the title its service had when the position was
 * issued (none for a receipt of a notice the Ente does not know).
 */
export async function renderStoredReceipt(
  db: Database,
  ente: Ente,
  found: { receipt: Receipt; position: Position | null },
): Promise<Buffer> {
  return renderReceiptPdf({
    receipt: found.receipt,
    serviceTitle: found.position && (await serviceTitleOf(db, found.position)),
    ente: { name: ente.name, fiscalCode: ente.fiscalCode, address: ente.address },
  });
}
