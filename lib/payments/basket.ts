import { and, count, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { cartItems, carts, positions, type Ente, type Position } from '@/db/schema';
import { isPayable } from '@/lib/positions/lifecycle';
import { MAX_CART_NOTICES } from './checkout';

/**
 * The citizen's basket: an `open` cart of one Ente, found by the id kept in a cookie. It holds up to five
 * payable notices and becomes the checkout cart when paid.
 */
export async function findOpenCart(db: Database, enteId: string, cartId: string | undefined) {
  if (!cartId || !/^[0-9a-f-]{36}$/.test(cartId)) return undefined;
  const [cart] = await db.select().from(carts).where(and(eq(carts.id, cartId), eq(carts.enteId, enteId), eq(carts.status, 'open')));
  return cart;
}

export async function basketPositions(db: Database, enteId: string, cartId: string): Promise<Position[]> {
  const rows = await db
    .select({ position: positions })
    .from(cartItems)
    .innerJoin(positions, eq(positions.id, cartItems.positionId))
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.enteId, enteId)))
    .orderBy(cartItems.addedAt);
  return rows.map((r) => r.position);
}

export type AddResult = { ok: true; cartId: string; size: number } | { ok: false; error: string };

export async function addToBasket(db: Database, ente: Pick<Ente, 'id' | 'partner'>, cartId: string | undefined, positionId: string): Promise<AddResult> {
  const [position] = await db.select().from(positions).where(and(eq(positions.id, positionId), eq(positions.enteId, ente.id)));
  if (!position) return { ok: false, error: 'Avviso non trovato per questo Ente.' };
  if (!isPayable(position)) return { ok: false, error: 'Questo avviso non è pagabile.' };
  return db.transaction(async (tx) => {
    let cart = await findOpenCart(tx, ente.id, cartId);
    if (!cart) {
      [cart] = await tx.insert(carts).values({ enteId: ente.id, partner: ente.partner ?? 'sandbox' }).returning();
    } else {
      await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, cart.id)).for('update');
    }
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(cartItems).where(eq(cartItems.cartId, cart!.id));
    const [already] = await tx.select().from(cartItems).where(and(eq(cartItems.cartId, cart!.id), eq(cartItems.positionId, positionId)));
    if (already) return { ok: true, cartId: cart!.id, size: n };
    if (n >= MAX_CART_NOTICES) return { ok: false, error: `Il carrello contiene già ${MAX_CART_NOTICES} avvisi, il massimo per un pagamento pagoPA. Paga questi, poi aggiungi gli altri.` };
    await tx.insert(cartItems).values({ cartId: cart!.id, positionId, enteId: ente.id });
    return { ok: true, cartId: cart!.id, size: n + 1 };
  });
}

export async function removeFromBasket(db: Database, enteId: string, cartId: string, positionId: string): Promise<void> {
  const cart = await findOpenCart(db, enteId, cartId);
  if (!cart) return;
  await db.delete(cartItems).where(and(eq(cartItems.cartId, cart.id), eq(cartItems.positionId, positionId)));
}

export async function basketSize(db: Database, enteId: string, cartId: string | undefined): Promise<number> {
  const cart = await findOpenCart(db, enteId, cartId);
  if (!cart) return 0;
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(cartItems).where(eq(cartItems.cartId, cart.id));
  return n;
}
