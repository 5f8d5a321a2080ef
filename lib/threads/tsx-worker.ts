import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A thread running a TypeScript entry file, under tsx (`npm run worker`, scripts, benchmarks) and jest. Node 20 applies
 * no loader hook to a thread's entry file, so a CommonJS shim registers tsx first. Next's server build instead compiles
 * each entry into a chunk of its own when it meets the literal `new Worker(new URL('./entry.ts', import.meta.url))`,
 * which therefore stays at each call site (next.config.ts points the chunk URL at the server's directory).
 */
export function tsxWorker(entryFile: string, options: WorkerOptions = {}): Worker {
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entryFile)});`, { ...options, eval: true });
}
