import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { cartItems, carts, enti, positions, type Ente, type Position } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { logger } from '@/lib/logger';
import { partnerContext, type PartnerResolver } from '@/lib/partners/registry';
import { recordReceipt } from './record-receipt';

export type NoticeCheck = 'recovered' | 'already_recorded' | 'unpaid' | 'failed';

/** Asks the partner about one notice and, if it was paid, records the receipt (idempotent). */
export async function checkNoticeWithPartner(
  db: Database,
  resolvePartner: PartnerResolver,
  ente: Ente,
  position: Pick<Position, 'noticeNumber'>,
): Promise<NoticeCheck> {
  try {
    const status = await (await resolvePartner(ente)).fetchNoticeStatus(partnerContext(ente), position.noticeNumber);
    if (status.state !== 'paid') return 'unpaid';
    if (status.receipt.creditorFiscalCode !== ente.fiscalCode) {
      logger.warn({ noticeNumber: position.noticeNumber, enteId: ente.id }, 'il partner ha risposto con la ricevuta di un altro Ente');
      return 'failed';
    }
    const outcome = await recordReceipt(db, ente, ente.partner ?? 'sandbox', status.receipt);
    return outcome.kind === 'receipt_created' ? 'recovered' : 'already_recorded';
  } catch (error) {
    logger.warn(
      { noticeNumber: position.noticeNumber, err: error instanceof Error ? error.message : String(error) },
      'verifica presso il partner non riuscita',
    );
    return 'failed';
  }
}

export interface StartedCartScan {
  /** Only carts started before this. */
  startedBefore: Date;
  /** Only carts started at or after this (none when absent). */
  startedFrom?: Date;
  order: 'newest' | 'oldest';
  pageSize: number;
}

export interface StartedCart {
  cartId: string;
  startedAt: Date;
  ente: Ente;
  /** The cart's notices that are not paid yet (valid or expired). */
  unpaid: Position[];
}

/**
 * Started carts page by page, keyset-paginated on (started_at, id). The cursor is compared with the
 * stored row itself, so the microseconds PostgreSQL keeps and a JavaScript Date drops cannot skip a cart.
 */
export async function* startedCarts(db: Database, scan: StartedCartScan): AsyncGenerator<StartedCart> {
  const newest = scan.order === 'newest';
  let cursor: string | null = null;
  for (;;) {
    const page: { id: string; startedAt: Date | null; ente: Ente }[] = await db
      .select({ id: carts.id, startedAt: carts.startedAt, ente: enti })
      .from(carts)
      .innerJoin(enti, eq(enti.id, carts.enteId))
      .where(
        and(
          eq(carts.status, 'started'),
          lt(carts.startedAt, scan.startedBefore),
          scan.startedFrom ? gte(carts.startedAt, scan.startedFrom) : undefined,
          cursor ? afterCart(cursor, newest) : undefined,
        ),
      )
      .orderBy(...(newest ? [desc(carts.startedAt), desc(carts.id)] : [asc(carts.startedAt), asc(carts.id)]))
      .limit(scan.pageSize);
    if (page.length === 0) return;
    const items = await db
      .select({ cartId: cartItems.cartId, position: positions })
      .from(cartItems)
      .innerJoin(positions, and(eq(positions.id, cartItems.positionId), eq(positions.enteId, cartItems.enteId)))
      .where(
        and(
          inArray(
            cartItems.cartId,
            page.map((c) => c.id),
          ),
          inArray(positions.status, ['valid', 'expired']),
        ),
      )
      .orderBy(asc(cartItems.addedAt), asc(positions.noticeNumber));
    for (const cart of page) {
      const unpaid = items.filter((i) => i.cartId === cart.id && i.position.enteId === cart.ente.id).map((i) => i.position);
      yield { cartId: cart.id, startedAt: cart.startedAt!, ente: cart.ente, unpaid };
    }
    if (page.length < scan.pageSize) return;
    cursor = page.at(-1)!.id;
  }
}

function afterCart(cartId: string, newest: boolean): SQL {
  const row = sql`(select c.started_at, c.id from ${carts} c where c.id = ${cartId})`;
  return newest ? sql`(${carts.startedAt}, ${carts.id}) < ${row}` : sql`(${carts.startedAt}, ${carts.id}) > ${row}`;
}

export interface RecoveryOptions {
  /** Carts started longer ago than this are no longer asked about (default RECOVERY_MAX_AGE_HOURS). */
  maxAgeHours?: number;
  pageSize?: number;
  /** At most this many partner queries per run. */
  maxChecks?: number;
}

/**
 * For carts whose checkout started more than `afterMinutes` ago and still lack receipts, ask the partner
 * for the status of each notice: a lost callback still ends in a receipt. The newest carts come first
 * and the work per run is bounded, so a pile of old abandoned carts cannot starve a recent paid one,
 * nor an Ente whose partner is down the other Enti.
 * Returns receipts recovered.
 */
export async function recoverMissingReceipts(
  db: Database,
  resolvePartner: PartnerResolver,
  afterMinutes: number,
  now = new Date(),
  options: RecoveryOptions = {},
): Promise<number> {
  const maxAgeHours = options.maxAgeHours ?? readConfig().RECOVERY_MAX_AGE_HOURS;
  let budget = options.maxChecks ?? 200;
  const asked = new Set<string>();
  let recovered = 0;
  // One failed question about an Ente's notice skips its other carts this run: a partner that is down
  // must not spend the whole budget.
  const unreachable = new Set<string>();
  const scan = startedCarts(db, {
    startedBefore: new Date(now.getTime() - afterMinutes * 60_000),
    startedFrom: new Date(now.getTime() - maxAgeHours * 3_600_000),
    order: 'newest',
    pageSize: options.pageSize ?? 100,
  });
  for await (const cart of scan) {
    for (const position of cart.unpaid) {
      if (budget <= 0) return recovered;
      if (asked.has(position.id) || unreachable.has(cart.ente.id)) continue;
      asked.add(position.id);
      budget--;
      const check = await checkNoticeWithPartner(db, resolvePartner, cart.ente, position);
      if (check === 'recovered') recovered++;
      if (check === 'failed') unreachable.add(cart.ente.id);
    }
  }
  return recovered;
}
