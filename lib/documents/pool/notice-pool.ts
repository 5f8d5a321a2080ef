import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readConfig } from '@/lib/config';
import { tsxWorker } from '@/lib/threads/tsx-worker';
import type { NoticeDocumentData } from '../avviso/notice-document-data';
import { ThreadPool } from './thread-pool';

declare const __webpack_require__: unknown;

/**
 * An avviso renders in about 20 ms, but a new thread first loads and warms up the renderer (seconds; under tsx on a
 * busy machine, half a minute was seen): a thread silent this long is hung, not busy.
 */
const TASK_TIMEOUT_MS = 120_000;

export type NoticePool = ThreadPool<NoticeDocumentData, Uint8Array>;

/** Starts a thread running notice-worker.ts: its chunk in Next's server build, the TypeScript source elsewhere (tsxWorker). */
export function spawnNoticeWorker(): Worker {
  if (typeof __webpack_require__ === 'function') return new Worker(new URL('./notice-worker.ts', import.meta.url));
  return tsxWorker(path.join(__dirname, 'notice-worker.ts'));
}

export function createNoticePool(size: number, spawn: () => Worker = spawnNoticeWorker): NoticePool {
  return new ThreadPool({ size, spawn, taskTimeoutMs: TASK_TIMEOUT_MS });
}

/** PDF_WORKERS threads, one per core by default. */
export function noticePoolSize(config = readConfig()): number {
  return config.PDF_WORKERS ?? availableParallelism();
}

// One pool per process, kept on globalThis so that Next's separately bundled routes share it.
const holder = globalThis as typeof globalThis & { __portaleNoticePool?: NoticePool };

/** The process's avvisi threads, started on first use. */
export function noticePool(): NoticePool {
  holder.__portaleNoticePool ??= createNoticePool(noticePoolSize());
  return holder.__portaleNoticePool;
}

/** Terminates the process's avvisi threads (at shutdown); the next noticePool() starts new ones. */
export async function closeNoticePool(): Promise<void> {
  const pool = holder.__portaleNoticePool;
  holder.__portaleNoticePool = undefined;
  await pool?.close();
}

/** The avviso PDF, rendered by one of the threads of `pool` (the process's by default). */
export async function renderNotice(data: NoticeDocumentData, pool: NoticePool = noticePool()): Promise<Buffer> {
  const pdf = await pool.run(data);
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
