import path from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Database } from '@/db';
import { logger } from '@/lib/logger';
import { tsxWorker } from '@/lib/threads/tsx-worker';
import { countAppendedReceipts, type AppendedReceipt } from './appended-metrics';
import { delegateSequencer, type SequencerDelegate } from './trigger';

/*
 * The sequencer of a server instance, in a thread with its own event loop and its own database pool. In the
 * server's loop every statement of a batch (a dozen) waited behind the HTTP requests in flight: under a
 * callback storm a batch took ~450 ms and the ack→receipt p99 passed one second. In a thread the batch's
 * round trips wait only for PostgreSQL (bench/callbacks.ts, docs/benchmarks.md). PGlite lives in the server's
 * own memory and cannot be shared with a thread: there the sequencer stays in process.
 */

declare const __webpack_require__: unknown;

export type ToSequencerThread = { type: 'kick'; enteId: string } | { type: 'idle'; id: number } | { type: 'stop' };
export type FromSequencerThread = { type: 'idle'; id: number } | { type: 'appended'; receipts: AppendedReceipt[] };

export interface SequencerThreadData {
  databaseUrl: string;
}

/** Starts a thread running sequencer-worker.ts: its chunk in Next's server build, the TypeScript source elsewhere. */
export function spawnSequencerWorker(workerData: SequencerThreadData): Worker {
  if (typeof __webpack_require__ === 'function') return new Worker(new URL('./sequencer-worker.ts', import.meta.url), { workerData });
  return tsxWorker(path.join(__dirname, 'sequencer-worker.ts'), { workerData });
}

/**
 * One thread, started on the first kick and started again on the next kick after it died: what it was appending
 * rolls back and stays pending for the next kick or the sweep, as when an instance dies.
 */
export class SequencerThread implements SequencerDelegate {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, () => void>();
  private lastIdleId = 0;
  private stopped = false;

  constructor(private readonly spawn: () => Worker) {}

  /** Starts the thread now rather than at the first kick, whose receipts would wait for it to load. */
  start(): void {
    if (!this.stopped) this.thread();
  }

  kick(enteId: string): void {
    // After stop(), at shutdown: the entry stays pending, for the sweep of another instance or of the next start.
    if (this.stopped) return;
    this.post(this.thread(), { type: 'kick', enteId });
  }

  idle(): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    const id = ++this.lastIdleId;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.post(worker, { type: 'idle', id });
    });
  }

  /** Lets the batch in hand commit, then ends the thread; later kicks are ignored. */
  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = once(worker, 'exit');
    this.post(worker, { type: 'stop' });
    await exited;
  }

  /** Whether a thread is running now (for tests). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** postMessage takes anything: this takes only what the thread understands. */
  private post(worker: Worker, message: ToSequencerThread): void {
    worker.postMessage(message);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    this.worker = worker;
    worker.on('message', (message: FromSequencerThread) => {
      if (message.type === 'appended') countAppendedReceipts(message.receipts);
      else {
        this.waiting.get(message.id)?.();
        this.waiting.delete(message.id);
      }
    });
    worker.on('error', (error) => logger.error({ err: error.message }, 'sequencer delle ricevute: il thread si è interrotto'));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      for (const resolve of this.waiting.values()) resolve();
      this.waiting.clear();
      if (code !== 0) logger.warn({ code }, 'sequencer delle ricevute: thread terminato, riparte alla prossima ricevuta');
    });
    // Never what keeps a process alive: a script or a test that forgets stop() still exits.
    worker.unref();
    return worker;
  }
}

const holder = globalThis as typeof globalThis & { __portaleSequencerThread?: SequencerThread };

/** Hands the sequencer of `db`, the server's pool on PostgreSQL at `databaseUrl`, to a thread of its own. */
export function startSequencerThread(
  db: Database,
  databaseUrl: string,
  spawn = () => spawnSequencerWorker({ databaseUrl }),
): SequencerThread {
  const thread = new SequencerThread(spawn);
  holder.__portaleSequencerThread = thread;
  delegateSequencer(db, thread);
  thread.start();
  return thread;
}

/** At shutdown, after the worker: the batch in hand commits, the thread ends. */
export async function stopSequencerThread(): Promise<void> {
  await holder.__portaleSequencerThread?.stop();
}
