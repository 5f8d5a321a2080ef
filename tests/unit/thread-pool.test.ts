import { Worker } from 'node:worker_threads';
import { ThreadCrashError, ThreadPool } from '@/lib/documents/pool/thread-pool';

/*
 * The pool with real threads running small inline programs: answers, errors, crashes, hangs and shutdown.
 * Each program speaks the pool's protocol as serveTasks does ({ ok, value } or { ok, message }).
 */
const thread = (onMessage: string) => () =>
  new Worker(`const { parentPort, threadId } = require('node:worker_threads'); parentPort.on('message', (input) => { ${onMessage} });`, {
    eval: true,
  });

/** Answers the input doubled after `input` ms, with the id of the thread that did it. */
const doubler = thread(`setTimeout(() => parentPort.postMessage({ ok: true, value: { doubled: input * 2, threadId } }), input);`);

let pools: ThreadPool<number, unknown>[] = [];
afterEach(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  pools = [];
});

function pool<R>(size: number, spawn: () => Worker, taskTimeoutMs = 10_000): ThreadPool<number, R> {
  const created = new ThreadPool<number, R>({ size, spawn, taskTimeoutMs });
  pools.push(created as ThreadPool<number, unknown>);
  return created;
}

it('runs tasks on at most `size` threads, all of them busy at once', async () => {
  const doubling = pool<{ doubled: number; threadId: number }>(3, doubler);
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) => doubling.run(20 + i)));
  expect(results.map((r) => r.doubled)).toEqual(Array.from({ length: 12 }, (_, i) => (20 + i) * 2));
  expect(new Set(results.map((r) => r.threadId)).size).toBe(3);
  expect(doubling.threads).toBe(3);
});

it("rejects a task with the thread's error message and keeps the thread", async () => {
  const failing = pool(
    1,
    thread(`parentPort.postMessage(input < 0 ? { ok: false, message: 'negativo' } : { ok: true, value: threadId });`),
  );
  await expect(failing.run(-1)).rejects.toThrow('negativo');
  const id = await failing.run(1);
  expect(await failing.run(2)).toBe(id);
});

it('fails the task of a thread that dies, and runs the next task on a new thread', async () => {
  const crashing = pool<number>(1, thread(`if (input === 0) process.exit(7); parentPort.postMessage({ ok: true, value: threadId });`));
  const before = await crashing.run(1);
  await expect(crashing.run(0)).rejects.toThrow(ThreadCrashError);
  const after = await crashing.run(1);
  expect(after).not.toBe(before);
  expect(crashing.threads).toBe(1);
});

it('fails the task of a thread that throws outside any task', async () => {
  const throwing = pool(1, thread(`setImmediate(() => { throw new Error('rotto'); });`));
  await expect(throwing.run(1)).rejects.toThrow(/si è interrotto: rotto/);
});

it('terminates a thread that does not answer in time and fails its task', async () => {
  const hanging = pool(2, thread(`if (input === 0) for (;;); parentPort.postMessage({ ok: true, value: threadId });`), 2_000);
  await expect(hanging.run(0)).rejects.toThrow(/nessuna risposta dopo 2000 ms/);
  await expect(hanging.run(1)).resolves.toEqual(expect.any(Number));
});

it('close() fails queued tasks, terminates every thread and refuses new tasks', async () => {
  const exits: Promise<unknown>[] = [];
  const tracked = new ThreadPool<number, unknown>({
    size: 2,
    spawn: () => {
      const worker = doubler();
      exits.push(new Promise((resolve) => worker.once('exit', resolve)));
      return worker;
    },
    taskTimeoutMs: 10_000,
  });
  pools.push(tracked);
  const running = [1, 2, 3, 4].map((n) => tracked.run(500 + n));
  running.forEach((task) => task.catch(() => {}));
  await tracked.close();
  await Promise.all(exits);
  expect(exits).toHaveLength(2);
  expect(tracked.threads).toBe(0);
  for (const task of running) await expect(task).rejects.toThrow(ThreadCrashError);
  await expect(tracked.run(1)).rejects.toThrow(/pool chiuso/);
});

it('refuses a size below one', () => {
  expect(() => new ThreadPool({ size: 0, spawn: doubler, taskTimeoutMs: 1000 })).toThrow(RangeError);
});
