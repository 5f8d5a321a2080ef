import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '@/db/client';
import type { Database } from '@/db';
import { anomalies, carts, partnerInbox, positions, receipts, type Ente } from '@/db/schema';
import type { PartnerReceipt } from '@/lib/partners/types';
import { rowsOf } from '@/lib/jobs/queue';
import { signPayload } from '@/lib/partners/signature';
import { handleSandboxCallbackRequest, receiveSandboxCallback } from '@/lib/payments/callbacks';
import { startCheckout } from '@/lib/payments/checkout';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { createPlan, loadPlan } from '@/lib/positions/plans';
import { sequenceBatch } from '@/lib/receipts-pipeline/sequencer';
import { waitForSequencingRight } from '@/lib/receipts-pipeline/sequencing-right';
import { drainPendingReceipts, sequencerIdle, sweepPendingReceipts } from '@/lib/receipts-pipeline/trigger';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxResolver, sandboxSecret } from '../support/payments';
import { drainSequencer, sequenceEnti, settledOutcome } from '../support/pipeline';
import { withTestDatabase } from '../support/test-db';

/*
 * The receipt sequencer on a real database: acknowledged pushes (inbox rows with a pending receipt) become
 * receipts in arrival order, exactly once, whoever runs the sequencer and whatever dies in between. The
 * acknowledgements go through the real endpoint logic (receiveSandboxCallback, which stores and answers but
 * never kicks: what a dead instance leaves behind); the tests then choose who sequences.
 */

const { db, testDb } = withTestDatabase();
const serverUrl = process.env.DATABASE_URL;
const onPostgres = serverUrl ? describe : describe.skip;
if (!serverUrl) console.info('receipt-sequencer: i test con più istanze e connessioni interrotte girano solo su PostgreSQL (DATABASE_URL)');

let demo: Ente;
let valmora: Ente;
const secrets = new Map<string, string>();

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
  for (const ente of [demo, valmora]) secrets.set(ente.id, await sandboxSecret(db(), ente.id));
});

function signedBody(ente: Ente, receipt: PartnerReceipt) {
  const body = callbackBody(ente, receipt);
  return { body, signature: signPayload(secrets.get(ente.id)!, body, Math.floor(Date.now() / 1000)) };
}

/** The acknowledgement alone: stored, answered 200, not appended. */
async function ack(ente: Ente, receipt: PartnerReceipt, database: Database = db()) {
  const { body, signature } = signedBody(ente, receipt);
  const answer = await receiveSandboxCallback(database, body, signature);
  expect(answer).toMatchObject({ status: 200, accepted: { enteId: ente.id } });
  return answer.accepted!.inboxId;
}

/** Another app instance: its own connection pool on the server; with PGlite (one connection) the same one. */
async function anotherInstance(): Promise<{ db: Database; close(): Promise<void> }> {
  if (!testDb().env.DATABASE_URL) return { db: db(), close: async () => {} };
  const handle = await openDatabase({ url: testDb().env.DATABASE_URL! });
  return { db: handle.db, close: () => sequencerIdle(handle.db).then(() => handle.close()) };
}

const receiptsOf = (ente: Ente) => db().select().from(receipts).where(eq(receipts.enteId, ente.id)).orderBy(asc(receipts.seq));

const receiptsWithIds = (ids: string[]) =>
  db().select().from(receipts).where(inArray(receipts.receiptId, ids)).orderBy(asc(receipts.enteId), asc(receipts.seq));

async function pendingOf(ente: Ente): Promise<number> {
  const rows = await db()
    .select({ id: partnerInbox.id })
    .from(partnerInbox)
    .where(and(eq(partnerInbox.enteId, ente.id), isNotNull(partnerInbox.pendingReceipt)));
  return rows.length;
}

async function expectChainsIntact(): Promise<void> {
  expect((await verifyReceiptChains(db())).problems).toEqual([]);
}

/** Every seq of the Ente's chain from 1 to its head, once: no gap, no fork. */
async function expectContiguousChain(ente: Ente): Promise<void> {
  const seqs = (await db().select({ seq: receipts.seq }).from(receipts).where(eq(receipts.enteId, ente.id)).orderBy(asc(receipts.seq))).map(
    (r) => r.seq,
  );
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
}

describe('the sequencer', () => {
  it('appends each Ente’s receipts in arrival order, across batches, with contiguous chains that verify', async () => {
    // Batches smaller than production's, so that a few dozen receipts span several of them.
    const batch = 16;
    const count = 2 * batch + 5;
    const arrived = new Map<string, string[]>([
      [demo.id, []],
      [valmora.id, []],
    ]);
    for (let i = 0; i < count; i++) {
      const ente = i % 4 === 3 ? valmora : demo;
      const position = await newPosition(db(), ente, 1000 + i);
      const receiptId = `ORDINE-${i}`;
      await ack(ente, receiptFor(ente, position, receiptId));
      arrived.get(ente.id)!.push(receiptId);
    }
    expect(await pendingOf(demo)).toBe(arrived.get(demo.id)!.length);
    expect(arrived.get(demo.id)!.length).toBeGreaterThan(batch);

    expect(await sequenceEnti(db(), [demo.id], batch)).toBe(arrived.get(demo.id)!.length);
    expect(await sequenceEnti(db(), [valmora.id], batch)).toBe(arrived.get(valmora.id)!.length);
    for (const ente of [demo, valmora]) {
      const ids = arrived.get(ente.id)!;
      expect((await receiptsWithIds(ids)).map((r) => r.receiptId)).toEqual(ids);
      expect(await pendingOf(ente)).toBe(0);
      await expectContiguousChain(ente);
    }
    await expectChainsIntact();
  });

  it('appends in one transaction a batch that pays a cart and settles a plan, with the anomaly the plan makes', async () => {
    const plan = await createPlan(db(), demo, {
      channel: 'staff',
      service: null,
      debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca', email: 'emanuele@example.it' },
      causale: 'TARI 2027',
      amountCents: 30_000,
      dueDate: '2027-03-31',
      taxonomyCode: '9/0101101IM/',
      iban: demo.iban!,
      formData: {},
      instalments: [
        { amountCents: 15_000, dueDate: '2027-04-30' },
        { amountCents: 15_000, dueDate: '2027-05-31' },
      ],
    });
    const first = await newPosition(db(), demo, 1_500);
    const second = await newPosition(db(), demo, 2_500);
    const { cartId } = await startCheckout(db(), demo, [first.id, second.id], sandboxResolver(db()));
    const inboxIds = [
      await ack(demo, receiptFor(demo, plan[0]!, 'LOTTO-UNICA')),
      await ack(demo, receiptFor(demo, first, 'LOTTO-CARRELLO-1')),
      await ack(demo, receiptFor(demo, plan[1]!, 'LOTTO-RATA')),
      await ack(demo, receiptFor(demo, second, 'LOTTO-CARRELLO-2')),
      // A second payment of a notice paid earlier in the same batch.
      await ack(demo, receiptFor(demo, first, 'LOTTO-CARRELLO-1-BIS')),
    ];

    expect(await sequenceBatch(db(), [demo.id])).toEqual({ settled: 5, busy: [], more: false });
    const outcomes = await Promise.all(inboxIds.map((id) => settledOutcome(db(), id)));
    expect(outcomes).toEqual(['receipt_created', 'receipt_created', 'anomaly:not_payable', 'receipt_created', 'anomaly:not_payable']);
    expect((await loadPlan(db(), demo.id, plan[0]!.planId!)).map((p) => p.status)).toEqual(['paid', 'cancelled', 'cancelled']);
    expect((await db().select().from(carts).where(eq(carts.id, cartId)))[0]!.status).toBe('paid');
    const [anomaly] = await db().select().from(anomalies).where(eq(anomalies.receiptId, 'LOTTO-RATA'));
    expect(anomaly).toMatchObject({ inboxId: inboxIds[2], kind: 'not_payable' });
    // The anomalies are receipts too, in arrival order in the same chain, flagged, each pointed at by its anomaly.
    const chained = await receiptsWithIds(['LOTTO-UNICA', 'LOTTO-CARRELLO-1', 'LOTTO-RATA', 'LOTTO-CARRELLO-2', 'LOTTO-CARRELLO-1-BIS']);
    expect(chained.map((r) => [r.receiptId, r.anomaly])).toEqual([
      ['LOTTO-UNICA', null],
      ['LOTTO-CARRELLO-1', null],
      ['LOTTO-RATA', 'not_payable'],
      ['LOTTO-CARRELLO-2', null],
      ['LOTTO-CARRELLO-1-BIS', 'not_payable'],
    ]);
    expect(anomaly!.receiptRowId).toBe(chained[2]!.id);
    expect(chained[4]!.positionId).toBe(first.id);
    await expectContiguousChain(demo);
    await expectChainsIntact();
  });

  it('settles a poison entry as rejected in its own savepoint, and appends the rest of its batch, of its Ente and of the others', async () => {
    const positionsOf = await Promise.all([1, 2, 3].map(() => newPosition(db(), demo)));
    const ids = ['VELENO-PRIMA', 'VELENO', 'VELENO-DOPO'];
    const inboxIds: number[] = [];
    for (const [i, position] of positionsOf.entries()) inboxIds.push(await ack(demo, receiptFor(demo, position, ids[i]!)));
    const neighbour = await ack(valmora, receiptFor(valmora, await newPosition(db(), valmora), 'VELENO-VICINA'));
    // Data the database refuses (an impossible date) that got past the acknowledgement: as a change of
    // schema or of PostgreSQL could make a stored entry.
    await db()
      .update(partnerInbox)
      .set({ pendingReceipt: sql`jsonb_set(${partnerInbox.pendingReceipt}, '{receipt,applicationDate}', '"2026-02-30"')` })
      .where(eq(partnerInbox.id, inboxIds[1]!));

    expect(await sequenceBatch(db(), [demo.id, valmora.id])).toEqual({ settled: 4, busy: [], more: false });
    expect(await Promise.all(inboxIds.map((id) => settledOutcome(db(), id)))).toEqual(['receipt_created', 'rejected', 'receipt_created']);
    expect(await settledOutcome(db(), neighbour)).toBe('receipt_created');
    const [poison] = await db().select().from(partnerInbox).where(eq(partnerInbox.id, inboxIds[1]!));
    expect(poison!.verificationError).toMatch(/SQLSTATE 22/);
    expect((await db().select().from(positions).where(eq(positions.id, positionsOf[1]!.id)))[0]!.status).toBe('valid');
    expect((await receiptsWithIds(ids)).map((r) => r.receiptId)).toEqual(['VELENO-PRIMA', 'VELENO-DOPO']);
    await expectContiguousChain(demo);
    await expectContiguousChain(valmora);
    await expectChainsIntact();
  });

  it('appends the receipts of several Enti in one batch and one commit, each Ente’s in arrival order under its own head', async () => {
    const arrived = new Map<string, string[]>([
      [demo.id, []],
      [valmora.id, []],
    ]);
    const inboxIds: number[] = [];
    for (let i = 0; i < 12; i++) {
      const ente = i % 3 === 0 ? valmora : demo;
      const receiptId = `INSIEME-${i}`;
      inboxIds.push(await ack(ente, receiptFor(ente, await newPosition(db(), ente, 4_000 + i), receiptId)));
      arrived.get(ente.id)!.push(receiptId);
    }
    const before = await Promise.all([demo, valmora].map(async (ente) => (await receiptsOf(ente)).length));

    expect(await sequenceBatch(db(), [valmora.id, demo.id])).toEqual({ settled: 12, busy: [], more: false });
    for (const [i, ente] of [demo, valmora].entries()) {
      const ids = arrived.get(ente.id)!;
      const chain = await receiptsOf(ente);
      expect(chain.slice(before[i]).map((r) => r.receiptId)).toEqual(ids);
      await expectContiguousChain(ente);
    }
    // One call, one transaction: every receipt written by the same (sub)transaction, every entry settled by another of its statements.
    const writersOf = async (query: ReturnType<typeof sql>) => rowsOf<{ xid: string }>(await db().execute(query)).length;
    expect(
      await writersOf(
        sql`select distinct xmin::text as "xid" from ${receipts} where ${inArray(receipts.receiptId, [...arrived.values()].flat())}`,
      ),
    ).toBe(1);
    expect(await writersOf(sql`select distinct xmin::text as "xid" from ${partnerInbox} where ${inArray(partnerInbox.id, inboxIds)}`)).toBe(
      1,
    );
    await expectChainsIntact();
  });

  it('fills a batch up to its size in arrival order across Enti, never skipping an older entry of an Ente', async () => {
    const order: { ente: Ente; receiptId: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const ente = i % 2 === 0 ? demo : valmora;
      const receiptId = `COLMO-${i}`;
      await ack(ente, receiptFor(ente, await newPosition(db(), ente, 5_000 + i), receiptId));
      order.push({ ente, receiptId });
    }
    expect(await sequenceBatch(db(), [demo.id, valmora.id], 4)).toEqual({ settled: 4, busy: [], more: true });
    const appended = order.slice(0, 4).map((o) => o.receiptId);
    expect((await receiptsWithIds(order.map((o) => o.receiptId))).map((r) => r.receiptId).sort()).toEqual(appended.sort());
    expect(await sequenceEnti(db(), [demo.id, valmora.id])).toBe(6);
    for (const ente of [demo, valmora]) {
      const ids = order.filter((o) => o.ente === ente).map((o) => o.receiptId);
      expect((await receiptsWithIds(ids)).map((r) => r.receiptId)).toEqual(ids);
      await expectContiguousChain(ente);
    }
  });

  it('appends what an instance acknowledged and never appended (it died), once, at the next sweep of another instance', async () => {
    const ids = ['ORFANA-1', 'ORFANA-2', 'ORFANA-3', 'ORFANA-4'];
    for (const receiptId of ids) await ack(valmora, receiptFor(valmora, await newPosition(db(), valmora), receiptId));
    expect(await receiptsWithIds(ids)).toHaveLength(0);
    expect(await pendingOf(valmora)).toBe(ids.length);

    const survivor = await anotherInstance();
    try {
      expect(await sweepPendingReceipts(survivor.db)).toBe(1);
      await sequencerIdle(survivor.db);
      expect((await receiptsWithIds(ids)).map((r) => r.receiptId)).toEqual(ids);
      // Exactly once: the next sweep finds nothing, and a late run of the dead instance's sequencer neither.
      expect(await sweepPendingReceipts(survivor.db)).toBe(0);
      expect(await sequenceEnti(db(), [valmora.id])).toBe(0);
      expect(await receiptsWithIds(ids)).toHaveLength(ids.length);
    } finally {
      await survivor.close();
    }
    await expectChainsIntact();
  });

  it('gives one receipt and one duplicate when a delivery races its own first copy, acknowledged and sequenced by two instances', async () => {
    const other = await anotherInstance();
    try {
      for (let round = 0; round < 4; round++) {
        const position = await newPosition(db(), demo);
        const receipt = receiptFor(demo, position, `GEMELLA-${round}`);
        const inboxIds = await Promise.all([ack(demo, receipt), ack(demo, receipt, other.db)]);
        await Promise.all([sequenceEnti(db(), [demo.id]), sequenceEnti(other.db, [demo.id])]);
        await drainSequencer(db());
        expect((await Promise.all(inboxIds.map((id) => settledOutcome(db(), id)))).sort()).toEqual(['duplicate', 'receipt_created']);
        expect(await receiptsWithIds([receipt.receiptId])).toHaveLength(1);
        expect(await db().select().from(anomalies).where(eq(anomalies.receiptId, receipt.receiptId))).toHaveLength(0);
      }
    } finally {
      await other.close();
    }
    await expectContiguousChain(demo);
  });

  it('gives one receipt when a pull (recovery) records the receipt a batch is appending', async () => {
    const position = await newPosition(db(), valmora);
    const receipt = receiptFor(valmora, position, 'TIRO-E-SPINTA');
    const inboxId = await ack(valmora, receipt);
    const [pulled] = await Promise.all([recordReceipt(db(), valmora, 'sandbox', receipt), sequenceEnti(db(), [valmora.id])]);
    await drainSequencer(db());
    expect([pulled.kind, await settledOutcome(db(), inboxId)].sort()).toEqual(['duplicate', 'receipt_created']);
    expect(await receiptsWithIds([receipt.receiptId])).toHaveLength(1);
    await expectContiguousChain(valmora);
  });
});

onPostgres('the sequencer across instances (PostgreSQL)', () => {
  let admin: postgres.Sql;

  beforeAll(() => {
    admin = postgres(testDb().env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  });

  afterAll(async () => {
    await admin.end();
  });

  it('two instances competing for one Ente: no fork, no duplicate, every receipt appended', async () => {
    const [a, b] = [await anotherInstance(), await anotherInstance()];
    try {
      // A storm through the endpoint, each request to either instance, each instance kicking its own sequencer.
      const stormIds: string[] = [];
      const requests: { body: string; signature: string }[] = [];
      for (let i = 0; i < 120; i++) {
        const receiptId = `TEMPESTA-${i}`;
        stormIds.push(receiptId);
        requests.push(signedBody(demo, receiptFor(demo, await newPosition(db(), demo, 2_000 + i), receiptId)));
      }
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = next++; i < requests.length; i = next++) {
            const instance = i % 2 === 0 ? a : b;
            const { body, signature } = requests[i]!;
            const request = new Request('http://localhost/api/partners/sandbox/callbacks', {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-signature': signature },
              body,
            });
            expect((await handleSandboxCallbackRequest(request, async () => instance.db)).status).toBe(200);
          }
        }),
      );
      await Promise.all([drainPendingReceipts(a.db), drainPendingReceipts(b.db)]);
      expect(new Set((await receiptsWithIds(stormIds)).map((r) => r.receiptId)).size).toBe(stormIds.length);
      expect(await receiptsWithIds(stormIds)).toHaveLength(stormIds.length);

      // Then a backlog that both drain at once, batch by batch: they take turns on the Ente's right.
      const backlog: string[] = [];
      for (let i = 0; i < 80; i++) {
        backlog.push(`ARRETRATO-${i}`);
        await ack(demo, receiptFor(demo, await newPosition(db(), demo, 3_000 + i), backlog[i]!));
      }
      const tally = { settled: 0, busy: 0 };
      const drain = async (instance: Database) => {
        for (;;) {
          const { settled, busy } = await sequenceBatch(instance, [demo.id], 8);
          if (settled === 0 && busy.length === 0) return;
          if (busy.length > 0) {
            tally.busy++;
            await new Promise((resolve) => setTimeout(resolve, 5));
          } else tally.settled += settled;
        }
      };
      await Promise.all([drain(a.db), drain(b.db)]);
      expect(tally.settled).toBe(backlog.length);
      expect(tally.busy).toBeGreaterThan(0);
      expect((await receiptsWithIds(backlog)).map((r) => r.receiptId)).toEqual(backlog);
    } finally {
      await a.close();
      await b.close();
    }
    expect(await pendingOf(demo)).toBe(0);
    await expectContiguousChain(demo);
    await expectChainsIntact();
  });

  it('skips an Ente whose right is held elsewhere, whole, while the other Enti of the batch go on', async () => {
    const held = ['TENUTA-1', 'TENUTA-2'];
    const free = ['LIBERA-1', 'LIBERA-2'];
    for (const [i, receiptId] of held.entries()) {
      await ack(demo, receiptFor(demo, await newPosition(db(), demo), receiptId));
      await ack(valmora, receiptFor(valmora, await newPosition(db(), valmora), free[i]!));
    }
    // Another instance's transaction holds the Comune demo's right, as a direct append does.
    const other = await anotherInstance();
    try {
      await other.db.transaction(async (tx) => {
        await waitForSequencingRight(tx, demo.id);
        expect(await sequenceBatch(db(), [demo.id, valmora.id])).toEqual({ settled: 2, busy: [demo.id], more: false });
        expect((await receiptsWithIds([...held, ...free])).map((r) => r.receiptId)).toEqual(free);
        expect(await pendingOf(demo)).toBe(held.length);
      });
    } finally {
      await other.close();
    }
    expect(await sequenceEnti(db(), [demo.id, valmora.id])).toBe(held.length);
    expect((await receiptsWithIds(held)).map((r) => r.receiptId)).toEqual(held);
    await expectContiguousChain(demo);
    await expectChainsIntact();
  });

  it('an instance killed in the middle of a batch appends nothing of it; the next one appends it all, once', async () => {
    const ids = ['INTERROTTA-1', 'INTERROTTA-2', 'INTERROTTA-3', 'INTERROTTA-4', 'INTERROTTA-5'];
    const made = [];
    for (const receiptId of ids) {
      const position = await newPosition(db(), valmora);
      made.push(position);
      await ack(valmora, receiptFor(valmora, position, receiptId));
    }
    // Another transaction holds the fourth position: the batch stops there, after three appends.
    const blocker = await admin.reserve();
    const doomed = await anotherInstance();
    try {
      await blocker`begin`;
      await blocker`select 1 from positions where id = ${made[3]!.id} for update`;
      const blockerPid = (await blocker<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      const run = sequenceEnti(doomed.db, [valmora.id]).then(
        () => null,
        (error: unknown) => error,
      );
      let victim: number | undefined;
      for (let waited = 0; waited < 10_000 && victim === undefined; waited += 50) {
        const [row] = await admin<{ pid: number }[]>`select pid from pg_stat_activity where ${blockerPid} = any(pg_blocking_pids(pid))`;
        victim = row?.pid;
        if (victim === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(victim).toBeDefined();
      await admin`select pg_terminate_backend(${victim!})`;
      expect(await run).toBeInstanceOf(Error);
      await blocker`rollback`;
    } finally {
      blocker.release();
      await doomed.close();
    }
    expect(await receiptsWithIds(ids)).toHaveLength(0);
    expect(await pendingOf(valmora)).toBe(ids.length);

    const survivor = await anotherInstance();
    try {
      await drainPendingReceipts(survivor.db);
    } finally {
      await survivor.close();
    }
    expect((await receiptsWithIds(ids)).map((r) => r.receiptId)).toEqual(ids);
    await expectContiguousChain(valmora);
    await expectChainsIntact();
  });
});
