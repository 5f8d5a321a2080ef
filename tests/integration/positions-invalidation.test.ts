import { and, eq, sql } from 'drizzle-orm';
import { anomalies, auditLog, cartItems, carts, jobs, positions, users, type Ente, type Position } from '@/db/schema';
import { listEnteDeadJobs } from '@/lib/jobs/ente-jobs';
import { jobHandlers } from '@/lib/jobs/handlers';
import { runDueJobs } from '@/lib/jobs/queue';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { PartnerRejectedError, PartnerUnavailableError, type PartnerContext } from '@/lib/partners/types';
import { cancelPosition } from '@/lib/positions/cancel';
import { REGISTER_QUEUE, registerPosition } from '@/lib/positions/create';
import { expireAbandonedSpontaneous } from '@/lib/positions/expire-spontaneous';
import { cancelExternalPosition } from '@/lib/positions/external';
import { findPositionDetail } from '@/lib/positions/history';
import { INVALIDATE_QUEUE } from '@/lib/positions/invalidate';
import type { PartnerResolver } from '@/lib/partners/registry';
import { enteBySlug, newPosition, receiptFor, startedCart } from '../support/payments';
import { fakePartner } from '../support/fake-partner';
import { withTestDatabase } from '../support/test-db';

/*
 * Positions withdrawn from the partner: cancelled from the back office, the API or an import, or expired
 * because a citizen never paid a spontaneous payment. The invalidation job runs through the real queue
 * and a fake partner that can be made slow to answer or to refuse.
 */

jest.setTimeout(60_000);

const { db } = withTestDatabase();
let demo: Ente;
let valmora: Ente;
let clerkId: string;
const HOUR = 3_600_000;
const REASON = 'Emessa per errore allo sportello';

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
  [{ id: clerkId }] = (await db()
    .insert(users)
    .values({ fullName: 'Carla Sportello', fiscalCode: 'SPRCRL80A41B157X' })
    .returning({ id: users.id })) as [{ id: string }];
});

const clerk = () => ({ userId: clerkId, serviceIds: null, address: '203.0.113.7' });

/** A position the partner already has. */
async function registered(ente: Ente = demo): Promise<Position> {
  const p = await newPosition(db(), ente);
  const [row] = await db()
    .update(positions)
    .set({ registrationStatus: 'registered', registeredAt: new Date() })
    .where(eq(positions.id, p.id))
    .returning();
  return row!;
}

const row = async (id: string) => (await db().select().from(positions).where(eq(positions.id, id)))[0]!;

const invalidationJobs = (positionId: string) =>
  db()
    .select()
    .from(jobs)
    .where(and(eq(jobs.queue, INVALIDATE_QUEUE), eq(jobs.singletonKey, positionId)));

/** Runs every due invalidation job once with this partner; `advance` makes retries due first. */
async function runInvalidations(resolvePartner: PartnerResolver, advance = false): Promise<number> {
  if (advance) await db().execute(sql`update ${jobs} set run_at = now() where queue = ${INVALIDATE_QUEUE} and done_at is null`);
  const handlers = jobHandlers({ resolvePartner, sandboxTransport: async () => 200 });
  return runDueJobs(db(), { [INVALIDATE_QUEUE]: handlers[INVALIDATE_QUEUE]! });
}

/** A fake partner that can invalidate, logging each call with its reason. */
function invalidating(answer: (call: number) => Promise<void> = async () => {}) {
  const asked: { ctx: PartnerContext; id: string; noticeNumber: string; iuv: string; reason: string }[] = [];
  const fake = fakePartner(['register', 'status', 'checkout', 'invalidate'], () => ({
    async invalidatePosition(ctx, position, reason) {
      asked.push({ ctx, ...position, reason });
      await answer(asked.length);
    },
  }));
  return { ...fake, asked };
}

describe('the invalidation job', () => {
  it('withdraws a cancelled position from the partner, once, and shows it in the history', async () => {
    const p = await registered();
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    expect(await invalidationJobs(p.id)).toHaveLength(1);

    const fake = invalidating();
    await runInvalidations(fake.resolvePartner);
    expect(fake.asked).toEqual([
      {
        ctx: expect.objectContaining({ creditorFiscalCode: demo.fiscalCode, enteId: demo.id }),
        id: p.id,
        noticeNumber: p.noticeNumber,
        iuv: p.iuv,
        reason: REASON,
      },
    ]);
    expect((await row(p.id)).partnerInvalidatedAt).toBeInstanceOf(Date);
    expect((await invalidationJobs(p.id))[0]!.doneAt).toBeInstanceOf(Date);
    const detail = await findPositionDetail(db(), demo.id, { serviceIds: null }, p.id);
    expect(detail!.history.map((e) => e.title)).toContain('Ritirata presso il partner tecnologico: non più pagabile');

    // Cancelling again is a replay: no second job, no second call.
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    expect(await runInvalidations(fake.resolvePartner, true)).toBe(0);
    expect(fake.asked).toHaveLength(1);
  });

  it('retries with backoff while the partner is unreachable, then succeeds', async () => {
    const p = await registered();
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    const fake = invalidating(async (call) => {
      if (call === 1) throw new PartnerUnavailableError('GPD: 503 Service Unavailable');
    });
    await runInvalidations(fake.resolvePartner);
    const [failed] = await invalidationJobs(p.id);
    expect(failed).toMatchObject({ attempts: 1, doneAt: null, deadAt: null, lastError: 'GPD: 503 Service Unavailable' });
    expect(failed!.runAt.getTime()).toBeGreaterThan(Date.now());
    expect((await row(p.id)).partnerInvalidatedAt).toBeNull();
    // Not due yet: nothing runs.
    await runInvalidations(fake.resolvePartner);
    expect(fake.asked).toHaveLength(1);

    await runInvalidations(fake.resolvePartner, true);
    expect(fake.asked).toHaveLength(2);
    expect((await invalidationJobs(p.id))[0]).toMatchObject({ attempts: 2, lastError: null, doneAt: expect.any(Date) });
    expect((await row(p.id)).partnerInvalidatedAt).toBeInstanceOf(Date);
  });

  it('stops when the partner refuses, and the refusal is in the history', async () => {
    const p = await registered();
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    const fake = invalidating(async () => {
      throw new PartnerRejectedError('Pendenza in uno stato che non consente l’annullamento', 422, 'VER_009');
    });
    await runInvalidations(fake.resolvePartner);
    expect((await invalidationJobs(p.id))[0]).toMatchObject({ attempts: 1, doneAt: expect.any(Date), deadAt: null });
    expect(await runInvalidations(fake.resolvePartner, true)).toBe(0);
    expect(fake.asked).toHaveLength(1);
    expect((await row(p.id)).partnerInvalidatedAt).toBeNull();
    const detail = await findPositionDetail(db(), demo.id, { serviceIds: null }, p.id);
    expect(detail!.history).toContainEqual({
      at: expect.any(Date),
      title: 'Annullamento presso il partner tecnologico non riuscito',
      detail: 'Il partner ha rifiutato: Pendenza in uno stato che non consente l’annullamento',
    });
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, p.id), eq(auditLog.action, 'posizione_invalidazione_rifiutata')));
    expect(audit).toMatchObject({ enteId: demo.id, details: expect.objectContaining({ partnerStatus: 422, partnerCode: 'VER_009' }) });
  });

  it('only marks the position locally when the partner cannot invalidate (the sandbox)', async () => {
    const p = await registered();
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    const fake = fakePartner(['register', 'status', 'checkout']);
    await runInvalidations(fake.resolvePartner);
    expect((await invalidationJobs(p.id))[0]!.doneAt).toBeInstanceOf(Date);
    expect(await row(p.id)).toMatchObject({ status: 'cancelled', partnerInvalidatedAt: null });
  });

  it('does nothing for a position paid or revived before the job ran', async () => {
    const p = await registered();
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    await db().update(positions).set({ status: 'valid' }).where(eq(positions.id, p.id));
    const fake = invalidating();
    await runInvalidations(fake.resolvePartner);
    expect(fake.asked).toHaveLength(0);
    expect((await invalidationJobs(p.id))[0]!.doneAt).toBeInstanceOf(Date);
  });

  it("after every attempt failed, the job is among its own Ente's dead jobs only", async () => {
    const p = await registered();
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    await db()
      .update(jobs)
      .set({ maxAttempts: 1 })
      .where(and(eq(jobs.queue, INVALIDATE_QUEUE), eq(jobs.singletonKey, p.id)));
    const fake = invalidating(async () => {
      throw new PartnerUnavailableError('GPD: timeout');
    });
    await runInvalidations(fake.resolvePartner);
    const [dead] = await invalidationJobs(p.id);
    expect(dead!.deadAt).toBeInstanceOf(Date);
    expect((await listEnteDeadJobs(db(), demo.id, { limit: 100 })).jobs.map((j) => j.id)).toContain(dead!.id);
    expect((await listEnteDeadJobs(db(), valmora.id, { limit: 100 })).jobs.map((j) => j.id)).not.toContain(dead!.id);
  });

  it('ignores a payload naming another Ente', async () => {
    const p = await registered();
    await db().update(positions).set({ status: 'cancelled' }).where(eq(positions.id, p.id));
    await db()
      .insert(jobs)
      .values({ queue: INVALIDATE_QUEUE, payload: { enteId: valmora.id, positionId: p.id }, singletonKey: `forged-${p.id}` });
    const fake = invalidating();
    await runInvalidations(fake.resolvePartner);
    expect(fake.asked).toHaveLength(0);
  });
});

describe('a position the partner never had', () => {
  it('queues no invalidation, and its registration job skips it', async () => {
    const p = await newPosition(db(), demo);
    const fake = invalidating();
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    expect(await invalidationJobs(p.id)).toHaveLength(0);
    await db()
      .insert(jobs)
      .values({ queue: REGISTER_QUEUE, payload: { enteId: demo.id, positionId: p.id }, singletonKey: p.id });
    const handlers = jobHandlers({ resolvePartner: fake.resolvePartner, sandboxTransport: async () => 200 });
    await runDueJobs(db(), { [REGISTER_QUEUE]: handlers[REGISTER_QUEUE]! });
    expect(fake.calls).toEqual([]);
    expect(await row(p.id)).toMatchObject({ registrationStatus: 'pending', status: 'cancelled' });
    expect(await registerPosition(db(), demo, await row(p.id), fake.resolvePartner)).toBe('not_payable');
  });

  it('is withdrawn when it was cancelled while the partner was registering it', async () => {
    const p = await newPosition(db(), demo);
    const fake = fakePartner(['register', 'invalidate'], (calls) => ({
      async registerPosition(_ctx, position) {
        calls.push(`register ${position.noticeNumber}`);
        // The clerk cancels while the partner is still answering: the cancel sees it pending.
        await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
      },
      async invalidatePosition(_ctx, position) {
        calls.push(`invalidate ${position.noticeNumber}`);
      },
    }));
    expect(await registerPosition(db(), demo, p, fake.resolvePartner)).toBe('registered');
    expect(await invalidationJobs(p.id)).toHaveLength(1);
    await runInvalidations(fake.resolvePartner);
    expect(fake.calls).toEqual([`register ${p.noticeNumber}`, `invalidate ${p.noticeNumber}`]);
  });
});

describe('cancellation entry points', () => {
  it('from the API: queued with the cancellation; another Ente cannot cancel it', async () => {
    const actor = { key: { id: '00000000-0000-4000-8000-000000000001', label: 'Tributi' }, address: '203.0.113.8' };
    const p = await registered();
    await db().update(positions).set({ externalId: 'TARI-2026-0042' }).where(eq(positions.id, p.id));
    expect(await cancelExternalPosition(db(), valmora.id, actor, 'TARI-2026-0042', 'Sgravio')).toEqual({ kind: 'not_found' });
    expect(await invalidationJobs(p.id)).toHaveLength(0);
    expect((await cancelExternalPosition(db(), demo.id, actor, 'TARI-2026-0042', 'Sgravio')).kind).toBe('cancelled');
    expect(await invalidationJobs(p.id)).toHaveLength(1);
  });

  it('a notice the partner created itself is cancelled here only', async () => {
    const p = await registered();
    await db().update(positions).set({ origin: 'partner' }).where(eq(positions.id, p.id));
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    expect((await row(p.id)).status).toBe('cancelled');
    expect(await invalidationJobs(p.id)).toHaveLength(0);
  });

  it("from the back office: another Ente's clerk finds nothing and queues nothing", async () => {
    const p = await registered(valmora);
    await expect(cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON })).rejects.toThrow('Posizione non trovata.');
    expect(await invalidationJobs(p.id)).toHaveLength(0);
    expect((await row(p.id)).status).toBe('valid');
  });

  it('a receipt arriving after the cancellation is an anomaly, never a payment', async () => {
    const p = await registered();
    await cancelPosition(db(), demo.id, clerk(), { positionId: p.id, reason: REASON });
    const outcome = await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, p, `late-${p.id}`));
    expect(outcome).toEqual({ kind: 'anomaly', anomaly: 'not_payable', receiptRowId: expect.any(String) });
    expect((await row(p.id)).status).toBe('cancelled');
    const [anomaly] = await db()
      .select()
      .from(anomalies)
      .where(eq(anomalies.receiptId, `late-${p.id}`));
    expect(anomaly).toMatchObject({
      enteId: demo.id,
      kind: 'not_payable',
      details: expect.objectContaining({ positionStatus: 'cancelled' }),
    });
  });
});

describe('abandoned spontaneous positions', () => {
  const TTL = 48;
  const options = { ttlHours: TTL, checkoutTimeoutMinutes: 60 };

  /** A spontaneous position (started by a citizen) created `hoursAgo`, already at the partner. */
  async function spontaneous(hoursAgo: number, ente: Ente = demo): Promise<Position> {
    const p = await registered(ente);
    const [aged] = await db()
      .update(positions)
      .set({ createdAt: new Date(Date.now() - hoursAgo * HOUR), channel: 'citizen' })
      .where(eq(positions.id, p.id))
      .returning();
    return aged!;
  }

  it('expires the old ones, audits them and queues their invalidation; leaves every other kind alone', async () => {
    const now = new Date();
    const abandoned = await spontaneous(TTL + 1);
    const abandonedElsewhere = await spontaneous(TTL + 2, valmora);
    const young = await spontaneous(TTL - 1);
    const withDueDate = await spontaneous(TTL + 1);
    await db().update(positions).set({ dueDate: '2026-01-31' }).where(eq(positions.id, withDueDate.id));
    // The same position had it come through another channel: the Ente's own debts are chased, never expired.
    const imported = await spontaneous(TTL + 1);
    await db()
      .update(positions)
      .set({ externalId: `IMP-${imported.id}`, channel: 'import' })
      .where(eq(positions.id, imported.id));
    const viaApi = await spontaneous(TTL + 1);
    await db()
      .update(positions)
      .set({ externalId: `API-${viaApi.id}`, channel: 'api' })
      .where(eq(positions.id, viaApi.id));
    const fromPartner = await spontaneous(TTL + 1);
    await db().update(positions).set({ origin: 'partner', channel: 'staff' }).where(eq(positions.id, fromPartner.id));
    const atCounter = await spontaneous(TTL + 1);
    await db().update(positions).set({ channel: 'staff' }).where(eq(positions.id, atCounter.id));
    const paid = await spontaneous(TTL + 1);
    await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, paid, `paid-${paid.id}`));

    await expireAbandonedSpontaneous(db(), now, options);

    expect((await row(abandoned.id)).status).toBe('expired');
    expect((await row(abandonedElsewhere.id)).status).toBe('expired');
    for (const kept of [young, withDueDate, imported, viaApi, fromPartner, atCounter]) expect((await row(kept.id)).status).toBe('valid');
    expect((await row(paid.id)).status).toBe('paid');
    expect(await invalidationJobs(abandoned.id)).toHaveLength(1);
    expect((await invalidationJobs(abandonedElsewhere.id))[0]!.payload).toEqual({ enteId: valmora.id, positionId: abandonedElsewhere.id });
    const detail = await findPositionDetail(db(), demo.id, { serviceIds: null }, abandoned.id);
    expect(detail!.history).toContainEqual({
      at: expect.any(Date),
      title: 'Scaduta: pagamento spontaneo non concluso',
      detail: 'Nessun pagamento entro 48 ore dalla creazione',
    });

    // The partner withdraws it; a second run finds nothing more.
    const fake = invalidating();
    await runInvalidations(fake.resolvePartner);
    expect(fake.asked.map((a) => a.noticeNumber)).toEqual(
      expect.arrayContaining([abandoned.noticeNumber, abandonedElsewhere.noticeNumber]),
    );
    expect(fake.asked.find((a) => a.id === abandoned.id)!.reason).toContain('scaduta');
    expect(await expireAbandonedSpontaneous(db(), now, options)).toBe(0);
  });

  it('never expires one that may be being paid right now', async () => {
    const now = new Date();
    const inYoungStartedCart = (await startedCart(db(), demo, new Date(now.getTime() - 10 * 60_000))).position;
    const inOldStartedCart = (await startedCart(db(), demo, new Date(now.getTime() - 5 * HOUR))).position;
    const inFreshOpenCart = await spontaneous(TTL + 1);
    const inStaleOpenCart = await spontaneous(TTL + 1);
    const inClosedCart = (await startedCart(db(), demo, new Date(now.getTime() - 5 * HOUR))).position;
    await db()
      .update(carts)
      .set({ status: 'cancelled', closedAt: now })
      .where(sql`${carts.id} in (select ${cartItems.cartId} from ${cartItems} where ${cartItems.positionId} = ${inClosedCart.id})`);
    for (const [p, addedAt] of [
      [inFreshOpenCart, new Date(now.getTime() - 5 * 60_000)],
      [inStaleOpenCart, new Date(now.getTime() - 3 * HOUR)],
    ] as const) {
      const [cart] = await db().insert(carts).values({ enteId: demo.id, partner: 'sandbox' }).returning();
      await db().insert(cartItems).values({ cartId: cart!.id, positionId: p.id, enteId: demo.id, addedAt });
    }
    const aged = new Date(now.getTime() - (TTL + 1) * HOUR);
    await db()
      .update(positions)
      .set({ createdAt: aged, channel: 'citizen' })
      .where(sql`${positions.id} in (${inYoungStartedCart.id}, ${inOldStartedCart.id}, ${inClosedCart.id})`);

    await expireAbandonedSpontaneous(db(), now, options);

    for (const kept of [inYoungStartedCart, inOldStartedCart, inFreshOpenCart]) expect((await row(kept.id)).status).toBe('valid');
    expect((await row(inStaleOpenCart.id)).status).toBe('expired');
    expect((await row(inClosedCart.id)).status).toBe('expired');
  });

  it('a receipt after the expiry still pays the position', async () => {
    const p = await spontaneous(TTL + 1);
    await expireAbandonedSpontaneous(db(), new Date(), options);
    expect((await row(p.id)).status).toBe('expired');
    expect((await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, p, `after-expiry-${p.id}`))).kind).toBe('receipt_created');
    expect((await row(p.id)).status).toBe('paid');
  });

  it('two runs at once expire each position once', async () => {
    const ps = await Promise.all([1, 2, 3].map(() => spontaneous(TTL + 3)));
    const counts = await Promise.all([
      expireAbandonedSpontaneous(db(), new Date(), options),
      expireAbandonedSpontaneous(db(), new Date(), options),
    ]);
    expect(counts[0]! + counts[1]!).toBeGreaterThanOrEqual(3);
    for (const p of ps) {
      expect((await row(p.id)).status).toBe('expired');
      expect(await invalidationJobs(p.id)).toHaveLength(1);
      const audits = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, p.id), eq(auditLog.action, 'posizione_scaduta')));
      expect(audits).toHaveLength(1);
    }
  });
});
