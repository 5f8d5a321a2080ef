import { eq, inArray } from 'drizzle-orm';
import { carts, positions, receipts } from '@/db/schema';
import { completeSandboxCheckout } from '@/lib/partners/sandbox/checkout';
import { closeCartOnReturn, expireTimedOutCarts } from '@/lib/payments/cart-lifecycle';
import { recoverMissingReceipts } from '@/lib/payments/recovery';
import { countingResolver, drainJobs, enteBySlug, sandboxResolver, startedCart } from '../support/payments';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function cartStatus(cartId: string) {
  const [cart] = await db().select().from(carts).where(eq(carts.id, cartId));
  return cart!.status;
}

async function positionStatus(positionId: string) {
  const [position] = await db().select().from(positions).where(eq(positions.id, positionId));
  return position!.status;
}

/** The payer pays on the sandbox page; with `callback_lost` only asking the partner can tell. */
function pay(sessionId: string, faults: Parameters<typeof completeSandboxCheckout>[4] = []) {
  return completeSandboxCheckout(db(), sessionId, 'pay', 'BCITITMM', faults);
}

describe('carts that leave started', () => {
  it('expires timed-out carts after asking the partner, and records what it reports paid', async () => {
    const ente = await enteBySlug(db(), 'castel-oglio');
    const down = await enteBySlug(db(), 'unione-terre-basse');
    const now = new Date();
    const unpaid = await startedCart(db(), ente, new Date(now.getTime() - 2 * HOUR));
    const paidLost = await startedCart(db(), ente, new Date(now.getTime() - 2 * HOUR - MINUTE));
    await pay(paidLost.sessionId, ['callback_lost']);
    const young = await startedCart(db(), ente, new Date(now.getTime() - 30 * MINUTE));
    // The other Ente's partner is down.
    const unreachableAndOld = await startedCart(db(), down, new Date(now.getTime() - 80 * HOUR));
    const unreachable = await startedCart(db(), down, new Date(now.getTime() - 3 * HOUR));
    const unreachableToo = await startedCart(db(), down, new Date(now.getTime() - 150 * MINUTE));
    const downNotices = new Set([unreachableAndOld, unreachable, unreachableToo].map((c) => c.position.noticeNumber));

    const { resolvePartner, asked } = countingResolver(db(), downNotices);
    const expired = await expireTimedOutCarts(db(), resolvePartner, now, { timeoutMinutes: 60, maxAgeHours: 72, pageSize: 2 });

    expect(await cartStatus(unpaid.cartId)).toBe('expired');
    // The partner said paid: a receipt, not an expiry.
    expect(await cartStatus(paidLost.cartId)).toBe('paid');
    expect(await positionStatus(paidLost.position.id)).toBe('paid');
    expect(await cartStatus(young.cartId)).toBe('started');
    expect(asked).not.toContain(young.position.noticeNumber);
    // The partner could not answer: try again next time, and do not insist on that Ente's other carts.
    expect(await cartStatus(unreachable.cartId)).toBe('started');
    expect(await cartStatus(unreachableToo.cartId)).toBe('started');
    expect(asked.filter((n) => downNotices.has(n))).toEqual([unreachable.position.noticeNumber]);
    // Past the age cap nobody asks any more: it is closed.
    expect(await cartStatus(unreachableAndOld.cartId)).toBe('expired');
    expect(expired).toBe(2);

    // Idempotent: a second run changes nothing it already closed.
    expect(await expireTimedOutCarts(db(), resolvePartner, now, { timeoutMinutes: 60, maxAgeHours: 72 })).toBe(0);
  });

  it('pays an expired cart when its receipt arrives late', async () => {
    const ente = await enteBySlug(db(), 'castel-oglio');
    const now = new Date();
    const late = await startedCart(db(), ente, new Date(now.getTime() - 2 * HOUR));
    expect(await expireTimedOutCarts(db(), sandboxResolver(db()), now, { timeoutMinutes: 60, maxAgeHours: 72 })).toBeGreaterThanOrEqual(1);
    expect(await cartStatus(late.cartId)).toBe('expired');
    await pay(late.sessionId);
    await drainJobs(db(), sandboxResolver(db()));
    expect(await positionStatus(late.position.id)).toBe('paid');
    expect(await cartStatus(late.cartId)).toBe('paid');
  });

  it('closes a cart on the payer return only for its own Ente, only from started, and a late receipt still pays it', async () => {
    const ente = await enteBySlug(db(), 'ronchi-franciacorta');
    const other = await enteBySlug(db(), 'valmora');
    const cancelled = await startedCart(db(), ente, new Date());
    const failed = await startedCart(db(), ente, new Date());

    // Another Ente's return page, or garbage ids, cannot touch it.
    expect(await closeCartOnReturn(db(), other.id, cancelled.cartId, 'annullato')).toBe(false);
    expect(await closeCartOnReturn(db(), ente.id, "x' or 1=1 --", 'annullato')).toBe(false);
    expect(await closeCartOnReturn(db(), 'not-a-uuid', cancelled.cartId, 'annullato')).toBe(false);
    expect(await cartStatus(cancelled.cartId)).toBe('started');

    expect(await closeCartOnReturn(db(), ente.id, cancelled.cartId, 'annullato')).toBe(true);
    expect(await cartStatus(cancelled.cartId)).toBe('cancelled');
    // Reloading the return page, or another outcome afterwards, changes nothing.
    expect(await closeCartOnReturn(db(), ente.id, cancelled.cartId, 'annullato')).toBe(false);
    expect(await closeCartOnReturn(db(), ente.id, cancelled.cartId, 'errore')).toBe(false);
    expect(await cartStatus(cancelled.cartId)).toBe('cancelled');

    expect(await closeCartOnReturn(db(), ente.id, failed.cartId, 'errore')).toBe(true);
    expect(await cartStatus(failed.cartId)).toBe('failed');

    // The return is not proof: the payment went through after all, and its receipt wins.
    await pay(cancelled.sessionId);
    await pay(failed.sessionId);
    await drainJobs(db(), sandboxResolver(db()));
    expect(await cartStatus(cancelled.cartId)).toBe('paid');
    expect(await cartStatus(failed.cartId)).toBe('paid');
    // And a return page seen after the receipt cannot unpay it.
    expect(await closeCartOnReturn(db(), ente.id, cancelled.cartId, 'annullato')).toBe(false);
    expect(await cartStatus(cancelled.cartId)).toBe('paid');
  });

  it('ends paid whichever comes first, the cancel return or the receipt', async () => {
    const ente = await enteBySlug(db(), 'ronchi-franciacorta');
    const racing = await startedCart(db(), ente, new Date());
    await pay(racing.sessionId);
    await Promise.all([drainJobs(db(), sandboxResolver(db())), closeCartOnReturn(db(), ente.id, racing.cartId, 'annullato')]);
    expect(await cartStatus(racing.cartId)).toBe('paid');
  });
});

describe('receipt recovery', () => {
  it('300 abandoned carts and one recent paid cart with a lost callback: the recent one is recovered on the first run', async () => {
    const ente = await enteBySlug(db(), 'comune-demo');
    const now = new Date();
    const abandoned = [];
    for (let i = 0; i < 300; i++) abandoned.push(await startedCart(db(), ente, new Date(now.getTime() - 2 * HOUR - i * 10 * MINUTE)));
    const tooOld = [];
    for (let i = 0; i < 5; i++) tooOld.push(await startedCart(db(), ente, new Date(now.getTime() - 73 * HOUR - i * HOUR)));
    const recent = await startedCart(db(), ente, new Date(now.getTime() - 15 * MINUTE));
    await pay(recent.sessionId, ['callback_lost']);
    expect(await drainJobs(db(), sandboxResolver(db()))).toBe(0);

    const { resolvePartner, asked } = countingResolver(db());
    // Work per run far below the 300 old carts, and pages smaller still.
    expect(await recoverMissingReceipts(db(), resolvePartner, 10, now, { maxAgeHours: 72, pageSize: 7, maxChecks: 20 })).toBe(1);
    expect(asked[0]).toBe(recent.position.noticeNumber);
    expect(asked.length).toBeLessThanOrEqual(20);
    expect(await positionStatus(recent.position.id)).toBe('paid');
    expect(await cartStatus(recent.cartId)).toBe('paid');
    expect(await db().select().from(receipts).where(eq(receipts.positionId, recent.position.id))).toHaveLength(1);

    // A full sweep, page by page, asks about every abandoned cart once and never about those past the age cap.
    asked.length = 0;
    expect(await recoverMissingReceipts(db(), resolvePartner, 10, now, { maxAgeHours: 72, pageSize: 7, maxChecks: 1_000 })).toBe(0);
    for (const old of tooOld) expect(asked).not.toContain(old.position.noticeNumber);
    // Every abandoned cart once, newest first all the way down (other tests' carts may be in between).
    const ours = new Set(abandoned.map((c) => c.position.noticeNumber));
    expect(asked.filter((n) => ours.has(n))).toEqual(abandoned.map((c) => c.position.noticeNumber));
    const stillStarted = await db()
      .select({ status: carts.status })
      .from(carts)
      .where(
        inArray(
          carts.id,
          abandoned.map((c) => c.cartId),
        ),
      );
    expect(stillStarted.every((c) => c.status === 'started')).toBe(true);
    // Setting up 300 checkouts takes a while on the embedded database of a busy machine.
  }, 240_000);

  it('does not ask before RECOVERY_AFTER_MINUTES: the callback may still come', async () => {
    const ente = await enteBySlug(db(), 'valmora');
    const now = new Date();
    const fresh = await startedCart(db(), ente, new Date(now.getTime() - 2 * MINUTE));
    await pay(fresh.sessionId, ['callback_lost']);
    const { resolvePartner, asked } = countingResolver(db());
    await recoverMissingReceipts(db(), resolvePartner, 10, now, { maxAgeHours: 72 });
    expect(asked).not.toContain(fresh.position.noticeNumber);
    expect(await positionStatus(fresh.position.id)).toBe('valid');
  });
});
