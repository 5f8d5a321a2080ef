import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db';
import { cartItems, carts, positions, receipts, type Cart, type Position, type Receipt } from '@/db/schema';

export interface CartView {
  cart: Cart;
  items: { position: Position; receipt: Receipt | null }[];
}

/**
 * A cart of this Ente with its positions and the receipts that paid them (null until one arrives): a
 * flagged receipt (a second payment, a wrong amount) paid nothing and is the staff's to handle.
 */
export async function loadCart(db: Database, enteId: string, cartId: string): Promise<CartView | undefined> {
  const [cart] = await db
    .select()
    .from(carts)
    .where(and(eq(carts.id, cartId), eq(carts.enteId, enteId)));
  if (!cart) return undefined;
  const rows = await db
    .select({ position: positions, receipt: receipts })
    .from(cartItems)
    .innerJoin(positions, eq(positions.id, cartItems.positionId))
    .leftJoin(receipts, and(eq(receipts.positionId, positions.id), eq(receipts.enteId, enteId), isNull(receipts.anomaly)))
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.enteId, enteId)))
    .orderBy(asc(cartItems.addedAt), asc(positions.noticeNumber));
  return { cart, items: rows };
}

/** A cart as its own browser sees it: undefined for any other browser, as for a cart that does not exist. */
export async function findBrowserCart(
  db: Database,
  enteId: string,
  cartId: string,
  browserKeyHash: string | undefined,
): Promise<CartView | undefined> {
  if (!browserKeyHash) return undefined;
  const view = await loadCart(db, enteId, cartId);
  return view && view.cart.browserKeyHash === browserKeyHash ? view : undefined;
}

/** One of the Ente's receipts with its position: none for a flagged receipt of a notice the Ente does not know. */
export async function findReceipt(
  db: Database,
  enteId: string,
  receiptRowId: string,
): Promise<{ receipt: Receipt; position: Position | null } | undefined> {
  const [row] = await db
    .select({ receipt: receipts, position: positions })
    .from(receipts)
    .leftJoin(positions, and(eq(positions.id, receipts.positionId), eq(positions.enteId, receipts.enteId)))
    .where(and(eq(receipts.id, receiptRowId), eq(receipts.enteId, enteId)));
  return row;
}
