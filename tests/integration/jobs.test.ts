import { and, eq, sql } from 'drizzle-orm';
import { jobs } from '@/db/schema';
import { logger } from '@/lib/logger';
import { runMaintenance, type MaintenanceTask } from '@/lib/jobs/maintenance';
import { startWorker } from '@/lib/jobs/worker';
import { DELIVERY_QUEUE } from '@/lib/partners/sandbox/checkout';
import { countDeadJobs, listDeadJobs, retryDeadJob } from '@/lib/jobs/queries';
import { claimJobs, completeJob, enqueue, extendJobLock, failJob, runDueJobs, type JobContext } from '@/lib/jobs/queue';
import { createTestDatabase, type TestDatabase, DATABASE_SETUP_MS } from '../support/test-db';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase({ seed: false });
}, DATABASE_SETUP_MS);

afterAll(async () => {
  await testDb.close();
});

const db = () => testDb.handle.db;

async function jobRow(id: number) {
  const [row] = await db().select().from(jobs).where(eq(jobs.id, id));
  return row!;
}

/** Time passes for one job without sleeping: its lock and its backoff end now. */
async function expireLock(id: number) {
  await db()
    .update(jobs)
    .set({ lockedUntil: sql`now() - interval '1 second'` })
    .where(eq(jobs.id, id));
}
async function makeDue(id: number) {
  await db()
    .update(jobs)
    .set({ runAt: sql`now() - interval '1 second'` })
    .where(eq(jobs.id, id));
}

async function newJob(queue: string, options: Parameters<typeof enqueue>[3] = {}) {
  const result = await enqueue(db(), queue, { n: 1 }, options);
  if (!result.created) throw new Error('job not created');
  return result.id;
}

describe('a job whose worker dies mid-run', () => {
  it('is taken over when the lock expires, and the dead worker cannot settle it late', async () => {
    const id = await newJob('test.dies');
    const [first] = await claimJobs(db(), 'test.dies', 5, 1_000);
    expect(first).toMatchObject({ id, attempts: 1 });
    expect(first!.lockedBy).toMatch(/^[0-9a-f-]{36}$/);
    // While the lock holds, nobody else gets the job.
    expect(await claimJobs(db(), 'test.dies', 5, 1_000)).toEqual([]);

    // Worker 1 died: its lock runs out.
    await expireLock(id);
    const [second] = await claimJobs(db(), 'test.dies', 5, 60_000);
    expect(second).toMatchObject({ id, attempts: 2 });
    expect(second!.lockedBy).not.toBe(first!.lockedBy);

    // Worker 1 comes back from the dead: everything it tries is refused and changes nothing.
    const before = await jobRow(id);
    expect(await completeJob(db(), first!)).toBe(false);
    expect(await failJob(db(), first!, new Error('late failure'))).toBe(false);
    expect(await extendJobLock(db(), first!, 3_600_000)).toBe(false);
    expect(await jobRow(id)).toEqual(before);

    expect(await completeJob(db(), second!)).toBe(true);
    const done = await jobRow(id);
    expect(done.doneAt).not.toBeNull();
    expect(done.lockedBy).toBeNull();
    // Nor may the late worker undo the completion, and the owner cannot complete twice.
    expect(await failJob(db(), first!, new Error('late failure'))).toBe(false);
    expect(await completeJob(db(), second!)).toBe(false);
    expect(await jobRow(id)).toEqual(done);
  });

  it('is dead, not stuck forever, when the worker died during its last attempt', async () => {
    const deadBefore = await countDeadJobs(db());
    const id = await newJob('test.dies-last', { maxAttempts: 1, singletonKey: 'last' });
    const [claimed] = await claimJobs(db(), 'test.dies-last', 5, 1_000);
    await expireLock(id);
    expect(await claimJobs(db(), 'test.dies-last', 5)).toEqual([]);
    const row = await jobRow(id);
    expect(row.deadAt).not.toBeNull();
    expect(row.lastError).toMatch(/interrotto/);
    expect(await countDeadJobs(db())).toBe(deadBefore + 1);
    expect(await completeJob(db(), claimed!)).toBe(false);
    // Its singleton key is free again.
    expect((await enqueue(db(), 'test.dies-last', {}, { singletonKey: 'last' })).created).toBe(true);
  });

  it('gives each of two concurrent workers different jobs with different owner tokens', async () => {
    for (let i = 0; i < 10; i++) await newJob('test.race');
    const [a, b] = await Promise.all([claimJobs(db(), 'test.race', 10), claimJobs(db(), 'test.race', 10)]);
    const ids = [...a!, ...b!].map((j) => j.id);
    expect(new Set(ids).size).toBe(10);
    expect(new Set([...a!, ...b!].map((j) => j.lockedBy)).size).toBe(10);
  });
});

describe('jobs that fail every attempt', () => {
  it('die after the last attempt, are counted, listed and logged, and free their key for a new job', async () => {
    const errorLog = jest.spyOn(logger, 'error');
    const deadBefore = await countDeadJobs(db());
    const id = await newJob('test.fails', { maxAttempts: 3, singletonKey: 'pos-1' });
    const handlers = { 'test.fails': async () => Promise.reject(new Error('partner giù')) };
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await runDueJobs(db(), handlers)).toBe(1);
      // While it is alive, the same key finds it instead of making a twin.
      if (attempt < 3) expect(await enqueue(db(), 'test.fails', {}, { singletonKey: 'pos-1' })).toEqual({ created: false, id });
      await makeDue(id);
    }
    const dead = await jobRow(id);
    expect(dead).toMatchObject({ attempts: 3, lastError: 'partner giù', lockedBy: null, doneAt: null });
    expect(dead.deadAt).not.toBeNull();
    expect(await runDueJobs(db(), handlers)).toBe(0);
    expect(await countDeadJobs(db())).toBe(deadBefore + 1);
    expect((await listDeadJobs(db(), { limit: 100 })).jobs.map((j) => j.id)).toContain(id);
    expect(errorLog).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'job_dead', jobId: id, queue: 'test.fails', attempts: 3 }),
      expect.any(String),
    );
    errorLog.mockRestore();

    // The same key is not silently dropped any more: a new job is created, and only one.
    const again = await enqueue(db(), 'test.fails', { n: 2 }, { singletonKey: 'pos-1' });
    expect(again.created).toBe(true);
    expect(await enqueue(db(), 'test.fails', { n: 3 }, { singletonKey: 'pos-1' })).toEqual({ created: false, id: again.id });

    // The dead one cannot come back next to its live successor; once that is done, it can.
    expect(await retryDeadJob(db(), id)).toBe('superseded');
    expect(await runDueJobs(db(), { 'test.fails': async () => {} })).toBe(1);
    expect(await retryDeadJob(db(), id)).toBe('retried');
    expect(await jobRow(id)).toMatchObject({ attempts: 0, deadAt: null, lockedBy: null });
    expect(await countDeadJobs(db())).toBe(deadBefore);
    expect(await runDueJobs(db(), { 'test.fails': async () => {} })).toBe(1);
    expect((await jobRow(id)).doneAt).not.toBeNull();
    expect(await retryDeadJob(db(), id)).toBe('not_dead');
    expect(await retryDeadJob(db(), 987_654_321)).toBe('not_dead');
  });

  it('gives ten concurrent enqueues of one key exactly one job', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => enqueue(db(), 'test.once', { n }, { singletonKey: 'same' })));
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    for (const r of results) expect(r.id).toBe(created[0]!.id);
  });

  it('lists dead jobs page by page without losing or repeating one, even with equal death times', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await newJob('test.list'));
    // Same instant down to the microsecond, which a JavaScript Date cannot even represent.
    await db()
      .update(jobs)
      .set({ deadAt: sql`timestamptz '2031-01-01 10:00:00.123456+00'`, attempts: 20 })
      .where(and(eq(jobs.queue, 'test.list'), sql`${jobs.id} <= ${ids[3]}`));
    await db()
      .update(jobs)
      .set({ deadAt: sql`timestamptz '2031-01-01 10:00:00.123999+00'`, attempts: 20 })
      .where(and(eq(jobs.queue, 'test.list'), sql`${jobs.id} > ${ids[3]}`));
    const seen: number[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listDeadJobs(db(), { after, limit: 3 });
      seen.push(...page.jobs.filter((j) => j.queue === 'test.list').map((j) => j.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual([...ids.slice(4).reverse(), ...ids.slice(0, 4).reverse()]);

    // A forged or broken cursor is not SQL and not an error: it starts from the first page.
    const first = await listDeadJobs(db(), { limit: 3 });
    const forged = Buffer.from("2031-01-01 10:00:00+00'); delete from jobs; --|1").toString('base64url');
    for (const bad of ['%%%', 'bm90IGEgY3Vyc29y', forged]) expect(await listDeadJobs(db(), { after: bad, limit: 3 })).toEqual(first);
    expect(await jobRow(ids[0]!)).toBeDefined();
  });
});

describe('handlers that run too long', () => {
  it('fails a hanging handler at its timeout, aborts its signal, and retries it', async () => {
    const id = await newJob('test.hangs');
    let seen: JobContext | undefined;
    const hang = async (_db: unknown, _payload: unknown, context: JobContext) => {
      seen = context;
      await new Promise(() => {});
    };
    const started = Date.now();
    expect(await runDueJobs(db(), { 'test.hangs': hang }, { timeoutMs: 150 })).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(seen!.signal.aborted).toBe(true);
    const failed = await jobRow(id);
    expect(failed).toMatchObject({ attempts: 1, doneAt: null, deadAt: null, lockedBy: null, lockedUntil: null });
    expect(failed.lastError).toMatch(/tempo scaduto/);
    expect(failed.runAt.getTime()).toBeGreaterThan(Date.now());

    await makeDue(id);
    expect(await runDueJobs(db(), { 'test.hangs': async () => {} }, { timeoutMs: 150 })).toBe(1);
    expect(await jobRow(id)).toMatchObject({ attempts: 2, lastError: null });
    expect((await jobRow(id)).doneAt).not.toBeNull();
  });

  it('does not let a long handler that extends its lock be stolen or timed out', async () => {
    const id = await newJob('test.long');
    let stolen: unknown[] | undefined;
    const long = async (_db: unknown, _payload: unknown, context: JobContext) => {
      expect(await context.extendLock(2_000)).toBe(true);
      // 16 s pass: past the original lock (timeout 0.2 s + 15 s grace), within the extended one (2 s + 15 s).
      await db()
        .update(jobs)
        .set({ lockedUntil: sql`${jobs.lockedUntil} - interval '16 seconds'` })
        .where(eq(jobs.id, id));
      stolen = await claimJobs(db(), 'test.long', 5);
      // Longer than the original timeout.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(context.signal.aborted).toBe(false);
    };
    expect(await runDueJobs(db(), { 'test.long': long }, { timeoutMs: 200 })).toBe(1);
    expect(stolen).toEqual([]);
    const row = await jobRow(id);
    expect(row).toMatchObject({ attempts: 1, lastError: null });
    expect(row.doneAt).not.toBeNull();
  });

  it('stops a handler whose lock was taken while it ran, and lets the new owner finish', async () => {
    const id = await newJob('test.taken');
    let thief: Awaited<ReturnType<typeof claimJobs>> = [];
    let extended: boolean | undefined;
    const slow = async (_db: unknown, _payload: unknown, context: JobContext) => {
      await expireLock(id);
      thief = await claimJobs(db(), 'test.taken', 5);
      extended = await context.extendLock();
      expect(context.signal.aborted).toBe(true);
    };
    expect(await runDueJobs(db(), { 'test.taken': slow })).toBe(1);
    expect(extended).toBe(false);
    expect(thief).toHaveLength(1);
    // The first run neither completed nor failed the job: it belongs to the thief.
    expect(await jobRow(id)).toMatchObject({ attempts: 2, doneAt: null, lockedBy: thief[0]!.lockedBy });
    expect(await completeJob(db(), thief[0]!)).toBe(true);
  });
});

describe('periodic maintenance', () => {
  it('runs each task on its own interval, isolated from a failing one, once across instances', async () => {
    const runs: string[] = [];
    const tasks: MaintenanceTask[] = [
      {
        name: 'test-broken',
        everyMs: 60_000,
        run: async () => {
          runs.push('broken');
          throw new Error('boom');
        },
      },
      { name: 'test-minute', everyMs: 60_000, run: async () => void runs.push('minute') },
      { name: 'test-hour', everyMs: 3_600_000, run: async () => void runs.push('hour') },
    ];
    const t0 = new Date('2031-03-01T10:00:05Z');
    const instanceA = new Map<string, number>();
    await expect(runMaintenance(db(), tasks, instanceA, t0)).resolves.toBeUndefined();
    expect(runs).toEqual(['broken', 'minute', 'hour']);

    // A second app instance in the same minute does not repeat them; nor does the first one.
    await runMaintenance(db(), tasks, new Map(), new Date(t0.getTime() + 1_000));
    await runMaintenance(db(), tasks, instanceA, new Date(t0.getTime() + 30_000));
    expect(runs).toEqual(['broken', 'minute', 'hour']);

    // A minute later the minute tasks run again, the hourly one does not.
    await runMaintenance(db(), tasks, instanceA, new Date(t0.getTime() + 61_000));
    expect(runs).toEqual(['broken', 'minute', 'hour', 'broken', 'minute']);
  });

  it('keeps the worker polling when a task fails, and stops when asked', async () => {
    let healthy = 0;
    const stop = startWorker(db(), {
      resolvePartner: () => {
        throw new Error('no partner in this test');
      },
      sandboxTransport: async () => 500,
      pollMs: 50,
      tasks: [
        { name: 'test-worker-broken', everyMs: 1_000, run: async () => Promise.reject(new Error('boom')) },
        { name: 'test-worker-healthy', everyMs: 1_000, run: async () => void healthy++ },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Enqueued after the failing task has run: the worker still polls and tries it (the callback is refused).
    const id = await newJob(DELIVERY_QUEUE);
    for (let waited = 0; waited < 5_000 && (await jobRow(id)).attempts === 0; waited += 100) await new Promise((r) => setTimeout(r, 100));
    await stop();
    expect(healthy).toBeGreaterThanOrEqual(1);
    expect(await jobRow(id)).toMatchObject({ attempts: 1, doneAt: null });
    // Stopped, the tick in flight ended: a job due again is left alone.
    await makeDue(id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await jobRow(id)).attempts).toBe(1);
  });
});
