import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Database } from '@/db';
import { cartItems, carts, enti, positions } from '@/db/schema';
import { logger } from '@/lib/logger';
import { partnerContext, type PartnerResolver } from '@/lib/partners/registry';
import { recordReceipt } from './record-receipt';

/**
 * For carts whose checkout started more than `afterMinutes` ago and still lack receipts, ask the partner
 * for the status of each notice: a lost callback still ends in a receipt. Returns receipts recovered.
 */
export async function recoverMissingReceipts(db: Database, resolvePartner: PartnerResolver, afterMinutes: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - afterMinutes * 60_000);
  const pending = await db
    .select({ ente: enti, position: positions })
    .from(carts)
    .innerJoin(cartItems, eq(cartItems.cartId, carts.id))
    .innerJoin(positions, eq(positions.id, cartItems.positionId))
    .innerJoin(enti, eq(enti.id, carts.enteId))
    .where(and(eq(carts.status, 'started'), lt(carts.startedAt, cutoff), inArray(positions.status, ['valid', 'expired'])))
    .limit(200);
  let recovered = 0;
  for (const { ente, position } of pending) {
    try {
      const status = await resolvePartner(ente).fetchNoticeStatus(partnerContext(ente), position.noticeNumber);
      if (status.state !== 'paid' || status.receipt.creditorFiscalCode !== ente.fiscalCode) continue;
      const outcome = await recordReceipt(db, ente, ente.partner ?? 'sandbox', status.receipt);
      if (outcome.kind === 'receipt_created') recovered++;
    } catch (error) {
      logger.warn({ noticeNumber: position.noticeNumber, err: error instanceof Error ? error.message : String(error) }, 'recupero ricevuta non riuscito');
    }
  }
  return recovered;
}
