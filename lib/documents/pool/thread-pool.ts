import { parentPort, type Worker } from 'node:worker_threads';

/** What a thread answers for one task (one task per thread at a time, so no id is needed). */
type Reply<R> = { ok: true; value: R } | { ok: false; message: string };

interface Task<T, R> {
  input: T;
  resolve(value: R): void;
  reject(error: Error): void;
}

interface Slot<T, R> {
  worker: Worker;
  task: Task<T, R> | null;
  timer?: NodeJS.Timeout;
}

/** A thread died (crash, out of memory, hung past the timeout, pool closed) with a task of ours in it. */
export class ThreadCrashError extends Error {
  constructor(reason: string) {
    super(`il thread che generava il documento si è interrotto: ${reason}`);
    this.name = 'ThreadCrashError';
  }
}

export interface ThreadPoolOptions {
  /** Threads at most; they start on demand and stay until close(). */
  size: number;
  /** Starts one thread running a `serveTasks` entry. */
  spawn: () => Worker;
  /** A task running longer means a hung thread: the thread is terminated and the task fails. */
  taskTimeoutMs: number;
}

/**
 * A fixed-size pool of worker threads, each running one task at a time. A thread that dies fails its
 * task with ThreadCrashError and is replaced on the next task; nothing waits forever. Idle threads are
 * unref'd, so a script or a test that forgets close() still exits.
 */
export class ThreadPool<T, R> {
  private readonly slots = new Set<Slot<T, R>>();
  private readonly idle: Slot<T, R>[] = [];
  private readonly queue: Task<T, R>[] = [];
  private closed = false;

  constructor(private readonly options: ThreadPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`dimensione del pool non valida: ${options.size}`);
  }

  get size(): number {
    return this.options.size;
  }

  /** Threads alive now (started and not yet exited or terminated). */
  get threads(): number {
    return this.slots.size;
  }

  run(input: T): Promise<R> {
    if (this.closed) return Promise.reject(new ThreadCrashError('pool chiuso'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.dispatch();
    });
  }

  /** Fails what is queued or running and terminates every thread. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new ThreadCrashError('pool chiuso'));
    const slots = [...this.slots];
    for (const slot of slots) this.drop(slot, 'pool chiuso');
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.idle.pop() ?? (this.slots.size < this.options.size ? this.start() : undefined);
      if (!slot) return;
      this.assign(slot, this.queue.shift()!);
    }
  }

  private start(): Slot<T, R> {
    const slot: Slot<T, R> = { worker: this.options.spawn(), task: null };
    slot.worker.on('message', (reply: Reply<R>) => this.settle(slot, reply));
    slot.worker.on('error', (error) => this.drop(slot, error.message));
    slot.worker.on('exit', (code) => this.drop(slot, `uscito con codice ${code}`));
    this.slots.add(slot);
    return slot;
  }

  private assign(slot: Slot<T, R>, task: Task<T, R>): void {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.drop(slot, `nessuna risposta dopo ${this.options.taskTimeoutMs} ms`);
      void slot.worker.terminate();
    }, this.options.taskTimeoutMs);
    slot.worker.postMessage(task.input);
  }

  private settle(slot: Slot<T, R>, reply: Reply<R>): void {
    const task = slot.task;
    if (!task || !this.slots.has(slot)) return;
    clearTimeout(slot.timer);
    slot.task = null;
    slot.worker.unref();
    this.idle.push(slot);
    if (reply.ok) task.resolve(reply.value);
    else task.reject(new Error(reply.message));
    this.dispatch();
  }

  /** Forgets a dead (or doomed) thread and fails its task; queued tasks go to a new thread. */
  private drop(slot: Slot<T, R>, reason: string): void {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    const at = this.idle.indexOf(slot);
    if (at >= 0) this.idle.splice(at, 1);
    slot.task?.reject(new ThreadCrashError(reason));
    slot.task = null;
    if (!this.closed) this.dispatch();
  }
}

/** The thread side: answers each message with `handle`'s result, or its error's message. */
export function serveTasks<T, R>(handle: (input: T) => Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks va eseguito in un worker thread');
  port.on('message', (input: T) => {
    handle(input).then(
      (value) => port.postMessage({ ok: true, value } satisfies Reply<R>),
      (error: unknown) =>
        port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies Reply<R>),
    );
  });
}
