import { eq, sql } from 'drizzle-orm';
import { auditLog, cartItems, carts, positions, type Ente, type Position } from '@/db/schema';
import { startCheckout } from '@/lib/payments/checkout';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { recoverOverduePositions } from '@/lib/payments/recovery';
import { buildNoticeNumber } from '@/lib/pagopa/notice';
import { PartnerUnavailableError, type NoticeStatus, type PartnerNotice } from '@/lib/partners/types';
import { claimNotice, NOTICE_LOOKUP_LIMITS } from '@/lib/positions/lookup';
import { findPositionDetail } from '@/lib/positions/history';
import { noticeClaimSchema } from '@/lib/positions/schemas';
import { enteBySlug, newPosition, receiptFor, startedCart } from '../support/payments';
import { fakePartner } from '../support/fake-partner';
import { withTestDatabase } from '../support/test-db';

/*
 * What the partner knows and we may not: notices it created elsewhere, found through «Paga un avviso»
 * with the same fiscal-code proof as ours, and notices paid at a PSP or in IO that never sent us a
 * receipt, found by asking about overdue positions and abandoned payment attempts.
 */

jest.setTimeout(60_000);

const { db } = withTestDatabase();
let demo: Ente;
let valmora: Ente;
const DEBTOR = 'BNCGLI85M41B157X';
const HOUR = 3_600_000;
let address = 0;
const nextAddress = () => `198.51.100.${++address}`;
const claim = (codice: string, codiceFiscale: string) => noticeClaimSchema.parse({ codice, codiceFiscale });

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
});

/** A notice number with another segregation code: the partner's own TARI run, not one of ours. */
let serial = 900;
function partnersNumber(): string {
  return buildNoticeNumber('47', String(++serial).padStart(13, '0'));
}

function tariNotice(noticeNumber: string, changes: Partial<PartnerNotice> = {}): PartnerNotice {
  return {
    noticeNumber,
    iuv: noticeNumber.slice(1),
    amountCents: 18_450,
    description: 'TARI 2026 - acconto',
    dueDate: '2026-12-16',
    debtor: { type: 'F', fiscalCode: DEBTOR, fullName: 'Giulia Bianchi' },
    payable: true,
    ...changes,
  };
}

/** A partner that knows these notices (by number) and can look them up. */
function noticeHolder(notices: PartnerNotice[], options: { down?: boolean; capabilities?: boolean } = {}) {
  return fakePartner(options.capabilities === false ? ['register', 'checkout'] : ['register', 'checkout', 'find_notice'], (calls) => ({
    async findNotice(_ctx, noticeNumber) {
      calls.push(`find ${noticeNumber}`);
      if (options.down) throw new PartnerUnavailableError('GovPay: 502');
      return notices.find((n) => n.noticeNumber === noticeNumber) ?? null;
    },
  }));
}

const byNotice = async (noticeNumber: string) => db().select().from(positions).where(eq(positions.noticeNumber, noticeNumber));

describe('«Paga un avviso» for notices created at the partner', () => {
  it('with the right fiscal code: a payable local position, reused by the next lookup, that can be paid', async () => {
    const nav = partnersNumber();
    const fake = noticeHolder([tariNotice(nav)]);
    const lookup = { ente: demo, resolvePartner: fake.resolvePartner };
    const first = await claimNotice(db(), demo.id, claim(nav, DEBTOR.toLowerCase()), nextAddress(), lookup);
    expect(first.kind).toBe('found');
    const position = (first as { position: Position }).position;
    expect(position).toMatchObject({
      enteId: demo.id,
      creditorFiscalCode: demo.fiscalCode,
      noticeNumber: nav,
      iuv: nav.slice(1),
      origin: 'partner',
      registrationStatus: 'registered',
      serviceId: null,
      status: 'valid',
      amountCents: 18_450,
      causale: 'TARI 2026 - acconto',
      dueDate: '2026-12-16',
      debtorFiscalCode: DEBTOR,
    });

    const second = await claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), lookup);
    expect(second).toEqual({ kind: 'found', position: expect.objectContaining({ id: position.id }) });
    expect(fake.calls).toEqual([`find ${nav}`]);
    expect(await byNotice(nav)).toHaveLength(1);

    // The partner already has it: the checkout does not register it again, and its receipt pays it.
    const { cartId } = await startCheckout(db(), demo, [position.id], fake.resolvePartner);
    expect(fake.calls).toEqual([`find ${nav}`, `checkout ${cartId}`]);
    expect((await recordReceipt(db(), demo, 'dedagroup', receiptFor(demo, position, `tari-${nav}`))).kind).toBe('receipt_created');
    expect((await byNotice(nav))[0]!.status).toBe('paid');
  });

  it('with a wrong fiscal code: the same answer as an unknown notice, and nothing is stored', async () => {
    const nav = partnersNumber();
    const unknown = partnersNumber();
    const fake = noticeHolder([tariNotice(nav)]);
    const lookup = { ente: demo, resolvePartner: fake.resolvePartner };
    const wrongCf = await claimNotice(db(), demo.id, claim(nav, 'RSSMRA80A01B157K'), nextAddress(), lookup);
    const notFound = await claimNotice(db(), demo.id, claim(unknown, DEBTOR), nextAddress(), lookup);
    expect(wrongCf).toEqual({ kind: 'not_found' });
    expect(notFound).toEqual(wrongCf);
    expect(await byNotice(nav)).toHaveLength(0);
    expect(fake.calls).toEqual([`find ${nav}`, `find ${unknown}`]);
  });

  it('a local notice with a wrong fiscal code also costs a partner call, so timing does not tell it apart', async () => {
    const local = await newPosition(db(), demo);
    const fake = noticeHolder([]);
    const lookup = { ente: demo, resolvePartner: fake.resolvePartner };
    expect(await claimNotice(db(), demo.id, claim(local.noticeNumber, DEBTOR), nextAddress(), lookup)).toEqual({ kind: 'not_found' });
    expect(fake.calls).toEqual([`find ${local.noticeNumber}`]);
    // The right fiscal code finds our own notice without asking anybody.
    expect((await claimNotice(db(), demo.id, claim(local.noticeNumber, 'RCCMNL83S18D969H'), nextAddress(), lookup)).kind).toBe('found');
    expect(fake.calls).toHaveLength(1);
  });

  it('partner down: the same not-found answer, nothing stored; it works again once the partner is back', async () => {
    const nav = partnersNumber();
    const down = noticeHolder([tariNotice(nav)], { down: true });
    expect(
      await claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), { ente: demo, resolvePartner: down.resolvePartner }),
    ).toEqual({
      kind: 'not_found',
    });
    expect(await byNotice(nav)).toHaveLength(0);
    const up = noticeHolder([tariNotice(nav)]);
    expect(
      (await claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), { ente: demo, resolvePartner: up.resolvePartner })).kind,
    ).toBe('found');
  });

  it('never asks a partner that cannot look notices up, nor one that fails to resolve', async () => {
    const nav = partnersNumber();
    const fake = noticeHolder([tariNotice(nav)], { capabilities: false });
    expect(
      await claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), { ente: demo, resolvePartner: fake.resolvePartner }),
    ).toEqual({
      kind: 'not_found',
    });
    expect(fake.calls).toEqual([]);
    const unresolvable = () => {
      throw new PartnerUnavailableError('Nessun adattatore per il protocollo govpay');
    };
    expect(await claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), { ente: demo, resolvePartner: unresolvable })).toEqual({
      kind: 'not_found',
    });
  });

  it('a notice the partner no longer lets anyone pay: said only to its debtor', async () => {
    const nav = partnersNumber();
    const fake = noticeHolder([tariNotice(nav, { payable: false })]);
    const lookup = { ente: demo, resolvePartner: fake.resolvePartner };
    expect(await claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), lookup)).toEqual({ kind: 'not_payable' });
    expect(await claimNotice(db(), demo.id, claim(nav, 'RSSMRA80A01B157K'), nextAddress(), lookup)).toEqual({ kind: 'not_found' });
    expect(await byNotice(nav)).toHaveLength(0);
  });

  it('refuses what the partner should not have answered: another notice, a malformed one', async () => {
    const nav = partnersNumber();
    const other = partnersNumber();
    const fake = noticeHolder([tariNotice(other)], {});
    const swapped = fakePartner(['find_notice'], () => ({ findNotice: async () => tariNotice(other) }));
    expect(
      await claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), { ente: demo, resolvePartner: swapped.resolvePartner }),
    ).toEqual({ kind: 'not_found' });
    const malformed = fakePartner(['find_notice'], () => ({
      findNotice: async () => ({ ...tariNotice(nav), description: 'TARI\u0000' }),
    }));
    expect(
      await claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), { ente: demo, resolvePartner: malformed.resolvePartner }),
    ).toEqual({ kind: 'not_found' });
    expect(await byNotice(nav)).toHaveLength(0);
    expect(fake.calls).toEqual([]);
  });

  it("is scoped to the Ente of the request: another Ente's lookup cannot be passed in", async () => {
    const fake = noticeHolder([]);
    await expect(
      claimNotice(db(), demo.id, claim(partnersNumber(), DEBTOR), nextAddress(), { ente: valmora, resolvePartner: fake.resolvePartner }),
    ).rejects.toThrow();
  });

  it('two lookups at once make one position', async () => {
    const nav = partnersNumber();
    const fake = noticeHolder([tariNotice(nav)]);
    const lookup = { ente: demo, resolvePartner: fake.resolvePartner };
    const results = await Promise.all([1, 2, 3].map(() => claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), lookup)));
    const ids = new Set(results.map((r) => (r as { position: Position }).position.id));
    expect(ids.size).toBe(1);
    expect(await byNotice(nav)).toHaveLength(1);
  });

  it('wrong fiscal codes on a partner notice count towards its lockout like ours', async () => {
    const nav = partnersNumber();
    const fake = noticeHolder([tariNotice(nav)]);
    const lookup = { ente: demo, resolvePartner: fake.resolvePartner };
    for (let i = 0; i < NOTICE_LOOKUP_LIMITS.failuresPerNotice.limit; i++)
      await claimNotice(db(), demo.id, claim(nav, `0000000000${i % 10}`), nextAddress(), lookup);
    expect((await claimNotice(db(), demo.id, claim(nav, DEBTOR), nextAddress(), lookup)).kind).toBe('rate_limited');
    expect(await byNotice(nav)).toHaveLength(0);
  });
});

describe('recovery of notices paid without a callback', () => {
  /** A registered, still valid position of `ente`, due `dueInDays` from today (negative: overdue). */
  async function overdue(ente: Ente, dueInDays: number | null): Promise<Position> {
    const p = await newPosition(db(), ente);
    const dueDate = dueInDays === null ? null : new Date(Date.now() + dueInDays * 86_400_000).toISOString().slice(0, 10);
    const [row] = await db()
      .update(positions)
      .set({ registrationStatus: 'registered', registeredAt: new Date(), dueDate })
      .where(eq(positions.id, p.id))
      .returning();
    return row!;
  }

  /** A partner that answers from this table (unpaid when absent) and fails for the notices in `down`. */
  function statusKeeper(answers: Map<string, NoticeStatus>, down: ReadonlySet<string> = new Set(), capabilities = true) {
    return fakePartner(capabilities ? ['register', 'status'] : ['register'], (calls) => ({
      async fetchNoticeStatus(_ctx, noticeNumber) {
        calls.push(`status ${noticeNumber}`);
        if (down.has(noticeNumber)) throw new PartnerUnavailableError('GPD: timeout');
        return answers.get(noticeNumber) ?? { state: 'unpaid' };
      },
    }));
  }

  const statusOf = async (id: string) => (await db().select().from(positions).where(eq(positions.id, id)))[0]!;

  it('records the receipt of an overdue notice paid at a PSP, closes what the partner closed, and asks each once a day', async () => {
    // The daily window is a fixed UTC day: one hour into today's, so that "an hour later" is still the same day
    // whatever the time the suite runs.
    const now = new Date(Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR + HOUR);
    const paidAtPsp = await overdue(demo, -3);
    const cancelledThere = await overdue(demo, -1);
    const expiredThere = await overdue(demo, -2);
    const stillUnpaid = await overdue(demo, -4);
    const notDue = await overdue(demo, 10);
    const noDueDate = await overdue(demo, null);
    const longOverdue = await overdue(demo, -200);
    const neverRegistered = await newPosition(db(), demo);
    await db().update(positions).set({ dueDate: '2026-01-01' }).where(eq(positions.id, neverRegistered.id));
    const answers = new Map<string, NoticeStatus>([
      [paidAtPsp.noticeNumber, { state: 'paid', receipt: receiptFor(demo, paidAtPsp, `psp-${paidAtPsp.id}`) }],
      [cancelledThere.noticeNumber, { state: 'cancelled' }],
      [expiredThere.noticeNumber, { state: 'expired' }],
    ]);
    const fake = statusKeeper(answers);

    expect(await recoverOverduePositions(db(), fake.resolvePartner, now, { abandonedHours: 72 })).toBe(3);

    expect((await statusOf(paidAtPsp.id)).status).toBe('paid');
    expect(await statusOf(cancelledThere.id)).toMatchObject({
      status: 'cancelled',
      partnerInvalidatedAt: expect.any(Date),
      cancelReason: 'Annullata presso il partner tecnologico',
    });
    expect(await statusOf(expiredThere.id)).toMatchObject({ status: 'expired', partnerInvalidatedAt: expect.any(Date) });
    expect((await statusOf(stillUnpaid.id)).status).toBe('valid');
    for (const p of [paidAtPsp, cancelledThere, expiredThere, stillUnpaid]) expect(fake.calls).toContain(`status ${p.noticeNumber}`);
    for (const p of [notDue, noDueDate, longOverdue, neverRegistered]) expect(fake.calls).not.toContain(`status ${p.noticeNumber}`);
    const detail = await findPositionDetail(db(), demo.id, { serviceIds: null }, expiredThere.id);
    expect(detail!.history.map((e) => e.title)).toContain('Scaduta presso il partner tecnologico');
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, cancelledThere.id));
    expect(audit).toMatchObject({ enteId: demo.id, action: 'posizione_annullata_partner' });

    // Same day: nobody is asked again, not even the one still unpaid.
    const again = statusKeeper(answers);
    expect(await recoverOverduePositions(db(), again.resolvePartner, new Date(now.getTime() + HOUR), { abandonedHours: 72 })).toBe(0);
    expect(again.calls).not.toContain(`status ${stillUnpaid.noticeNumber}`);
    // The next day it is asked again.
    await recoverOverduePositions(db(), again.resolvePartner, new Date(now.getTime() + 25 * HOUR), { abandonedHours: 72 });
    expect(again.calls).toContain(`status ${stillUnpaid.noticeNumber}`);
  });

  it('asks about abandoned payment attempts, not about carts still started (recoverMissingReceipts has those)', async () => {
    const now = new Date();
    const abandoned = await startedCart(db(), valmora, new Date(now.getTime() - 2 * HOUR));
    const started = await startedCart(db(), valmora, new Date(now.getTime() - 2 * HOUR));
    await db().update(carts).set({ status: 'cancelled', closedAt: now }).where(eq(carts.id, abandoned.cartId));
    const fake = statusKeeper(
      new Map([
        [
          abandoned.position.noticeNumber,
          { state: 'paid', receipt: receiptFor(valmora, abandoned.position, `io-${abandoned.position.id}`) },
        ],
      ]),
    );
    await recoverOverduePositions(db(), fake.resolvePartner, now, { abandonedHours: 72 });
    expect(fake.calls).toContain(`status ${abandoned.position.noticeNumber}`);
    expect(fake.calls).not.toContain(`status ${started.position.noticeNumber}`);
    expect((await statusOf(abandoned.position.id)).status).toBe('paid');
    // Its cart is paid too: the receipt proves what the return page could not.
    expect((await db().select().from(carts).where(eq(carts.id, abandoned.cartId)))[0]!.status).toBe('paid');
    // An attempt older than the recovery age is no longer a reason to ask.
    const stale = await startedCart(db(), valmora, new Date(now.getTime() - 100 * HOUR));
    await db()
      .update(carts)
      .set({ status: 'expired', closedAt: new Date(now.getTime() - 80 * HOUR) })
      .where(eq(carts.id, stale.cartId));
    await recoverOverduePositions(db(), fake.resolvePartner, now, { abandonedHours: 72 });
    expect(fake.calls).not.toContain(`status ${stale.position.noticeNumber}`);
  });

  it('keeps its budget, skips an unreachable Ente for the run, and never asks a partner without the status capability', async () => {
    const now = new Date(Date.now() + 3 * 24 * HOUR);
    const downOnes = [await overdue(valmora, -1), await overdue(valmora, -1), await overdue(valmora, -1)];
    const fine = [await overdue(demo, -1), await overdue(demo, -1), await overdue(demo, -1)];
    const fake = statusKeeper(new Map(), new Set(downOnes.map((p) => p.noticeNumber)));
    await recoverOverduePositions(db(), fake.resolvePartner, now, { abandonedHours: 72, maxChecks: 50 });
    expect(fake.calls.filter((c) => downOnes.some((p) => c.endsWith(p.noticeNumber)))).toHaveLength(1);
    for (const p of fine) expect(fake.calls).toContain(`status ${p.noticeNumber}`);

    const later = new Date(now.getTime() + 2 * 24 * HOUR);
    const bounded = statusKeeper(new Map());
    await recoverOverduePositions(db(), bounded.resolvePartner, later, { abandonedHours: 72, maxChecks: 2 });
    expect(bounded.calls).toHaveLength(2);

    const blind = statusKeeper(new Map(), new Set(), false);
    await recoverOverduePositions(db(), blind.resolvePartner, new Date(later.getTime() + 2 * 24 * HOUR), { abandonedHours: 72 });
    expect(blind.calls).toEqual([]);
  });

  it('newest positions first', async () => {
    const now = new Date(Date.now() + 10 * 24 * HOUR);
    const older = await overdue(demo, -1);
    await db()
      .update(positions)
      .set({ createdAt: sql`created_at - interval '1 day'` })
      .where(eq(positions.id, older.id));
    const newer = await overdue(demo, -1);
    const fake = statusKeeper(new Map());
    await recoverOverduePositions(db(), fake.resolvePartner, now, { abandonedHours: 72, maxChecks: 1 });
    expect(fake.calls).toEqual([`status ${newer.noticeNumber}`]);
    // cart_items is untouched by the scan (no payment attempt is invented).
    expect(await db().select().from(cartItems).where(eq(cartItems.positionId, newer.id))).toHaveLength(0);
  });
});
