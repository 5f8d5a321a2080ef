import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { cartItems, carts, positions, receipts, type Cart, type Position, type Receipt } from '@/db/schema';

export interface CartView {
  cart: Cart;
  items: { position: Position; receipt: Receipt | null }[];
}

/** A cart of this Ente with its positions and their receipts (null until the receipt arrives). */
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
    .leftJoin(receipts, and(eq(receipts.positionId, positions.id), eq(receipts.enteId, enteId)))
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

export async function findReceipt(
  db: Database,
  enteId: string,
  receiptRowId: string,
): Promise<{ receipt: Receipt; position: Position } | undefined> {
  const [row] = await db
    .select({ receipt: receipts, position: positions })
    .from(receipts)
    .innerJoin(positions, eq(positions.id, receipts.positionId))
    .where(and(eq(receipts.id, receiptRowId), eq(receipts.enteId, enteId)));
  return row;
}
