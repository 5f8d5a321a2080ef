import { randomBytes } from 'node:crypto';
import type { Ente } from '@/db/schema';
import { hashBrowserKey } from '@/lib/payments/browser-key';
import { addToCart, cartPositions, cartSize, findOpenCart, MAX_CART_NOTICES, removeFromCart } from '@/lib/payments/cart';
import { startCheckout } from '@/lib/payments/checkout';
import { findBrowserCart } from '@/lib/payments/queries';
import { withTestDatabase } from '../support/test-db';
import { enteBySlug, newPosition, sandboxResolver } from '../support/payments';

let demo: Ente;
let valmora: Ente;
const browser = () => hashBrowserKey(randomBytes(32).toString('base64url'));

const { db } = withTestDatabase();

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
});

describe('a cart belongs to the browser that filled it', () => {
  it('is invisible to another browser, which cannot empty it either', async () => {
    const alice = browser();
    const mallory = browser();
    const position = await newPosition(db(), demo);
    expect(await addToCart(db(), demo, alice, position)).toBe(1);
    expect(await cartSize(db(), demo.id, alice)).toBe(1);
    expect(await findOpenCart(db(), demo.id, mallory)).toBeUndefined();
    expect(await cartSize(db(), demo.id, mallory)).toBe(0);
    expect(await findOpenCart(db(), demo.id, undefined)).toBeUndefined();
    await removeFromCart(db(), demo.id, mallory, position.id);
    const cart = await findOpenCart(db(), demo.id, alice);
    expect((await cartPositions(db(), demo.id, cart!.id)).map((p) => p.id)).toEqual([position.id]);
  });

  it("is per Ente: the same browser's cart on another Ente's portal is another cart", async () => {
    const alice = browser();
    await addToCart(db(), demo, alice, await newPosition(db(), demo));
    expect(await cartSize(db(), valmora.id, alice)).toBe(0);
  });

  it("refuses another Ente's position and a sixth notice", async () => {
    const alice = browser();
    await expect(addToCart(db(), demo, alice, await newPosition(db(), valmora))).rejects.toThrow(/non trovato/);
    for (let i = 0; i < MAX_CART_NOTICES; i++) await addToCart(db(), demo, alice, await newPosition(db(), demo));
    await expect(addToCart(db(), demo, alice, await newPosition(db(), demo))).rejects.toThrow(/già 5 avvisi/);
  });

  it('shows a checkout cart (causale, receipts) only to its own browser, on its own Ente', async () => {
    const alice = browser();
    const position = await newPosition(db(), demo);
    const { cartId } = await startCheckout(db(), demo, [position.id], sandboxResolver(db()), { browserKeyHash: alice });
    expect((await findBrowserCart(db(), demo.id, cartId, alice))?.items[0]?.position.causale).toBe(position.causale);
    expect(await findBrowserCart(db(), demo.id, cartId, browser())).toBeUndefined();
    expect(await findBrowserCart(db(), demo.id, cartId, undefined)).toBeUndefined();
    expect(await findBrowserCart(db(), valmora.id, cartId, alice)).toBeUndefined();
  });
});
