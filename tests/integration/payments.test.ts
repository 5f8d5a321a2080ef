import { and, eq, sql } from 'drizzle-orm';
import { carts, jobs, partnerInbox, positions, receipts } from '@/db/schema';
import { completeSandboxCheckout } from '@/lib/partners/sandbox/checkout';
import { startCheckout } from '@/lib/payments/checkout';
import { recoverMissingReceipts } from '@/lib/payments/recovery';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { registerPosition, REGISTER_QUEUE } from '@/lib/positions/create';
import { isValidNoticeNumber } from '@/lib/pagopa/notice';
import { withTestDatabase } from '../support/test-db';
import { drainJobs, enteBySlug, newPosition, sandboxResolver } from '../support/payments';

const { db } = withTestDatabase();

async function payThroughSandbox(slug: string, count: number, faults: Parameters<typeof completeSandboxCheckout>[4] = []) {
  const ente = await enteBySlug(db(), slug);
  const resolver = sandboxResolver(db());
  const created = [];
  for (let i = 0; i < count; i++) created.push(await newPosition(db(), ente, 1000 + i));
  const { cartId, redirectUrl } = await startCheckout(
    db(),
    ente,
    created.map((p) => p.id),
    resolver,
    { payerEmail: 'pagatore@example.it' },
  );
  const sessionId = redirectUrl.split('/').pop()!;
  const back = await completeSandboxCheckout(db(), sessionId, 'pay', 'BCITITMM', faults);
  return { ente, resolver, created, cartId, back };
}

describe('paying through the sandbox partner', () => {
  it('create → checkout → signed callback → receipt, position paid, cart paid', async () => {
    const { ente, resolver, created, cartId, back } = await payThroughSandbox('comune-demo', 1);
    expect(back).toContain('esito=ok');
    // The return alone proves nothing: no receipt until the callback is processed.
    expect(await db().select().from(receipts).where(eq(receipts.positionId, created[0]!.id))).toHaveLength(0);

    await drainJobs(db(), resolver);
    const [receipt] = await db().select().from(receipts).where(eq(receipts.positionId, created[0]!.id));
    expect(receipt).toMatchObject({
      enteId: ente.id,
      noticeNumber: created[0]!.noticeNumber,
      amountCents: 1000,
      pspName: 'Intesa Sanpaolo S.p.A.',
    });
    const [position] = await db().select().from(positions).where(eq(positions.id, created[0]!.id));
    expect(position!.status).toBe('paid');
    const [cart] = await db().select().from(carts).where(eq(carts.id, cartId));
    expect(cart!.status).toBe('paid');
  });

  it('gives one receipt when the same callback arrives twice', async () => {
    const { resolver, created } = await payThroughSandbox('comune-demo', 1, ['callback_duplicate']);
    await drainJobs(db(), resolver);
    expect(await db().select().from(receipts).where(eq(receipts.positionId, created[0]!.id))).toHaveLength(1);
    const [stored] = await db().select().from(receipts).where(eq(receipts.positionId, created[0]!.id));
    const inbox = await db().select().from(partnerInbox).where(eq(partnerInbox.receiptId, stored!.receiptId));
    expect(inbox.map((r) => r.outcome).sort()).toEqual(['duplicate', 'receipt_created']);
  });

  it('pays a cart of five notices with callbacks out of order', async () => {
    const { resolver, created, cartId } = await payThroughSandbox('valmora', 5, ['callback_out_of_order']);
    await drainJobs(db(), resolver, 60);
    const inbox = await db().select().from(partnerInbox).where(eq(partnerInbox.outcome, 'receipt_created')).orderBy(partnerInbox.id);
    const arrived = inbox
      .slice(-5)
      .map((r) => (JSON.parse(r.rawBody.toString('utf8')) as { receipt: { noticeNumber: string } }).receipt.noticeNumber);
    expect(arrived).toEqual(created.map((p) => p.noticeNumber).reverse());
    for (const p of created) expect(await db().select().from(receipts).where(eq(receipts.positionId, p.id))).toHaveLength(1);
    expect((await db().select().from(carts).where(eq(carts.id, cartId)))[0]!.status).toBe('paid');
  });

  it('refuses a cart of six notices and notices of another Ente', async () => {
    const ente = await enteBySlug(db(), 'comune-demo');
    const other = await enteBySlug(db(), 'valmora');
    const resolver = sandboxResolver(db());
    const six = [];
    for (let i = 0; i < 6; i++) six.push((await newPosition(db(), ente)).id);
    await expect(startCheckout(db(), ente, six, resolver)).rejects.toThrow(/da 1 a 5/);
    const foreign = await newPosition(db(), other);
    await expect(startCheckout(db(), ente, [foreign.id], resolver)).rejects.toThrow(/non appartiene/);
  });

  it('recovers a lost callback by asking the partner', async () => {
    const { ente, resolver, created } = await payThroughSandbox('castel-oglio', 2, ['callback_lost']);
    expect(await drainJobs(db(), resolver)).toBe(0);
    expect(await recoverMissingReceipts(db(), resolver, 5)).toBe(0); // too early: the callback may still come
    expect(await recoverMissingReceipts(db(), resolver, 5, new Date(Date.now() + 6 * 60_000))).toBeGreaterThanOrEqual(2);
    for (const p of created) {
      const [position] = await db()
        .select()
        .from(positions)
        .where(and(eq(positions.enteId, ente.id), eq(positions.id, p.id)));
      expect(position!.status).toBe('paid');
    }
  });

  it('keeps a position pending when the partner is down, and registers it by job later', async () => {
    const ente = await enteBySlug(db(), 'ronchi-franciacorta');
    const position = await newPosition(db(), ente);
    expect(await registerPosition(db(), ente, position, sandboxResolver(db(), ['register_unavailable']))).toBe('pending');
    await expect(startCheckout(db(), ente, [position.id], sandboxResolver(db(), ['register_unavailable']))).rejects.toThrow(/riprova/);
    const [stored] = await db().select().from(positions).where(eq(positions.id, position.id));
    expect(stored).toMatchObject({ registrationStatus: 'pending', status: 'valid' });
    const pendingJobs = await db()
      .select()
      .from(jobs)
      .where(and(eq(jobs.queue, REGISTER_QUEUE), eq(jobs.singletonKey, position.id)));
    expect(pendingJobs).toHaveLength(1);

    await db()
      .update(jobs)
      .set({ runAt: new Date(Date.now() - 1000) })
      .where(eq(jobs.queue, REGISTER_QUEUE));
    await drainJobs(db(), sandboxResolver(db()));
    const [after] = await db().select().from(positions).where(eq(positions.id, position.id));
    expect(after!.registrationStatus).toBe('registered');
  });
});

describe('notice numbers under concurrency', () => {
  it('gives 200 concurrent creations 200 distinct valid NAVs', async () => {
    const ente = await enteBySlug(db(), 'unione-terre-basse');
    const created = await Promise.all(Array.from({ length: 200 }, () => newPosition(db(), ente)));
    const navs = created.map((p) => p.noticeNumber);
    expect(new Set(navs).size).toBe(200);
    for (const nav of navs) {
      expect(isValidNoticeNumber(nav)).toBe(true);
      expect(nav.slice(1, 3)).toBe(ente.segregationCode);
    }
  });
});

describe('receipts are immutable and chained', () => {
  it('refuses UPDATE and DELETE on receipts', async () => {
    const [any] = await db().select().from(receipts).limit(1);
    await expect(db().update(receipts).set({ amountCents: 1 }).where(eq(receipts.id, any!.id))).rejects.toThrow();
    await expect(db().delete(receipts).where(eq(receipts.id, any!.id))).rejects.toThrow();
    const [again] = await db().select().from(receipts).where(eq(receipts.id, any!.id));
    expect(again!.amountCents).toBe(any!.amountCents);
  });

  it('verifies the chains, then reports a receipt tampered with through raw SQL', async () => {
    const clean = await verifyReceiptChains(db());
    expect(clean.problems).toEqual([]);
    expect(clean.receiptsChecked).toBeGreaterThan(5);

    const [victim] = await db().select().from(receipts).orderBy(receipts.seq).limit(1);
    await db().transaction(async (tx) => {
      await tx.execute(sql`alter table receipts disable trigger receipts_no_update_delete`);
      await tx.execute(sql`update receipts set amount_cents = amount_cents + 100 where id = ${victim!.id}`);
      await tx.execute(sql`alter table receipts enable trigger receipts_no_update_delete`);
    });
    const report = await verifyReceiptChains(db());
    expect(report.problems).toEqual([
      expect.objectContaining({ receiptId: victim!.receiptId, problem: expect.stringMatching(/alterata/) }),
    ]);
  });
});

describe('with the sandbox switched off', () => {
  afterEach(() => {
    delete process.env.SANDBOX_ENABLED;
  });

  it('sends no citizen to the sandbox checkout: the position stays pending, the checkout is refused', async () => {
    process.env.SANDBOX_ENABLED = 'false';
    const ente = await enteBySlug(db(), 'castel-oglio');
    const position = await newPosition(db(), ente);
    const cartsBefore = (await db().select().from(carts).where(eq(carts.enteId, ente.id))).length;
    await expect(startCheckout(db(), ente, [position.id], defaultPartnerResolver(db()))).rejects.toThrow(/riprova/);
    const [stored] = await db().select().from(positions).where(eq(positions.id, position.id));
    expect(stored).toMatchObject({ registrationStatus: 'pending', registrationError: expect.stringMatching(/SANDBOX_ENABLED/) });
    expect(await db().select().from(carts).where(eq(carts.enteId, ente.id))).toHaveLength(cartsBefore);
  });
});
