import { and, count, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { cartItems, carts, positions, type Cart, type Ente, type Position } from '@/db/schema';
import { isPayable } from '@/lib/positions/lifecycle';
import { ActionError } from '@/lib/actions/result';

/** pagoPA Checkout takes at most five notices per cart. */
export const MAX_CART_NOTICES = 5;

/**
 * The citizen's cart: the one `open` cart of an Ente bound to this browser (by its key hash). It holds up to
 * five payable notices and becomes the checkout cart when paid.
 */
export async function findOpenCart(db: Database, enteId: string, browserKeyHash: string | undefined): Promise<Cart | undefined> {
  if (!browserKeyHash) return undefined;
  const [cart] = await db
    .select()
    .from(carts)
    .where(and(eq(carts.enteId, enteId), eq(carts.browserKeyHash, browserKeyHash), eq(carts.status, 'open')))
    .limit(1);
  return cart;
}

export async function cartPositions(db: Database, enteId: string, cartId: string): Promise<Position[]> {
  const rows = await db
    .select({ position: positions })
    .from(cartItems)
    .innerJoin(positions, eq(positions.id, cartItems.positionId))
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.enteId, enteId)))
    .orderBy(cartItems.addedAt);
  return rows.map((r) => r.position);
}

/** Adds a payable position of this Ente to the browser's open cart (created on first use). Returns the new size. */
export async function addToCart(
  db: Database,
  ente: Pick<Ente, 'id' | 'partner'>,
  browserKeyHash: string,
  position: Position,
): Promise<number> {
  if (position.enteId !== ente.id) throw new ActionError('Avviso non trovato per questo Ente.');
  if (!isPayable(position)) throw new ActionError('Questo avviso non è pagabile.');
  return db.transaction(async (tx) => {
    let cart = await findOpenCart(tx, ente.id, browserKeyHash);
    if (!cart) {
      [cart] = await tx
        .insert(carts)
        .values({ enteId: ente.id, partner: ente.partner ?? 'sandbox', browserKeyHash })
        .returning();
    } else {
      await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, cart.id)).for('update');
    }
    const cartId = cart!.id;
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(cartItems).where(eq(cartItems.cartId, cartId));
    const [already] = await tx
      .select()
      .from(cartItems)
      .where(and(eq(cartItems.cartId, cartId), eq(cartItems.positionId, position.id)));
    if (already) return n;
    if (n >= MAX_CART_NOTICES) {
      throw new ActionError(
        `Il carrello contiene già ${MAX_CART_NOTICES} avvisi, il massimo per un pagamento pagoPA. Paga questi, poi aggiungi gli altri.`,
      );
    }
    await tx.insert(cartItems).values({ cartId, positionId: position.id, enteId: ente.id });
    return n + 1;
  });
}

export async function removeFromCart(db: Database, enteId: string, browserKeyHash: string, positionId: string): Promise<void> {
  const cart = await findOpenCart(db, enteId, browserKeyHash);
  if (!cart) return;
  await db.delete(cartItems).where(and(eq(cartItems.cartId, cart.id), eq(cartItems.positionId, positionId)));
}

export async function cartSize(db: Database, enteId: string, browserKeyHash: string | undefined): Promise<number> {
  const cart = await findOpenCart(db, enteId, browserKeyHash);
  if (!cart) return 0;
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(cartItems).where(eq(cartItems.cartId, cart.id));
  return n;
}
