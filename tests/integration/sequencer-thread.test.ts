import type { Worker } from 'node:worker_threads';
import { type Ente } from '@/db/schema';
import { metrics } from '@/lib/metrics/registry';
import { signPayload } from '@/lib/partners/signature';
import { receiveSandboxCallback } from '@/lib/payments/callbacks';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { SequencerThread, spawnSequencerWorker } from '@/lib/receipts-pipeline/sequencer-thread';
import { delegateSequencer, kickSequencer, sequencerIdle } from '@/lib/receipts-pipeline/trigger';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } from '../support/payments';
import { settledOutcome } from '../support/pipeline';
import { withTestDatabase } from '../support/test-db';

/*
 * The sequencer of a server on PostgreSQL runs in a thread with its own pool (sequencer-thread.ts): the kicks of
 * the server's pool reach it, the receipts it appends are counted in the server's metrics, a thread that dies
 * is replaced at the next kick, and after stop() nothing is appended here. A thread cannot share PGlite, which
 * lives in this thread's memory: skipped without DATABASE_URL.
 */

const { db, testDb } = withTestDatabase();
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres('the receipts sequencer in a thread of its own', () => {
  let demo: Ente;
  let secret: string;
  const spawned: Worker[] = [];
  let thread: SequencerThread;

  beforeAll(async () => {
    demo = await enteBySlug(db(), 'comune-demo');
    secret = await sandboxSecret(db(), demo.id);
  });

  beforeEach(() => {
    thread = new SequencerThread(() => {
      const worker = spawnSequencerWorker({ databaseUrl: testDb().env.DATABASE_URL! });
      spawned.push(worker);
      return worker;
    });
    delegateSequencer(db(), thread);
  });

  afterEach(async () => {
    await thread.stop();
    delegateSequencer(db(), null);
  });

  /** Acknowledged as the endpoint does, not yet kicked. */
  async function acknowledged(count: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const position = await newPosition(db(), demo, 1500 + i);
      const body = callbackBody(demo, receiptFor(demo, position, `thr${Date.now()}${i}`));
      const answer = await receiveSandboxCallback(db(), body, signPayload(secret, body, Math.floor(Date.now() / 1000)));
      ids.push(answer.accepted!.inboxId);
    }
    return ids;
  }

  const created = async () => (await metrics().receiptsCreated.get()).values.reduce((sum, value) => sum + value.value, 0);
  const outcomes = (ids: number[]) => Promise.all(ids.map((id) => settledOutcome(db(), id)));

  it("appends what this pool acknowledged, in the thread, and counts it in this thread's metrics", async () => {
    const before = await created();
    const ids = await acknowledged(5);
    expect(thread.running).toBe(false);
    kickSequencer(db(), demo.id);
    expect(thread.running).toBe(true);
    await sequencerIdle(db());
    expect(await outcomes(ids)).toEqual(Array(5).fill('receipt_created'));
    expect(await created()).toBe(before + 5);
    expect((await verifyReceiptChains(db())).problems).toEqual([]);
  });

  it('a thread that died is replaced at the next kick, and what was pending is appended then', async () => {
    kickSequencer(db(), demo.id);
    await sequencerIdle(db());
    const first = spawned.at(-1)!;
    await first.terminate();
    expect(thread.running).toBe(false);
    const ids = await acknowledged(3);
    await sequencerIdle(db());
    await expect(settledOutcome(db(), ids[0]!)).rejects.toThrow(/non ancora elaborata/);
    kickSequencer(db(), demo.id);
    expect(spawned.at(-1)).not.toBe(first);
    await sequencerIdle(db());
    expect(await outcomes(ids)).toEqual(Array(3).fill('receipt_created'));
  });

  it('after stop() the kicks are left to the sweep: no thread, nothing appended here', async () => {
    kickSequencer(db(), demo.id);
    await thread.stop();
    expect(thread.running).toBe(false);
    const ids = await acknowledged(2);
    kickSequencer(db(), demo.id);
    expect(thread.running).toBe(false);
    await sequencerIdle(db());
    await expect(settledOutcome(db(), ids[1]!)).rejects.toThrow(/non ancora elaborata/);
    // What production's sweep does on another instance: appended by whoever kicks next.
    delegateSequencer(db(), null);
    kickSequencer(db(), demo.id);
    await sequencerIdle(db());
    expect(await outcomes(ids)).toEqual(['receipt_created', 'receipt_created']);
  });
});
