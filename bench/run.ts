import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { bootstrapDatabase } from '@/db';
import { receiveSandboxCallback } from '@/lib/payments/callbacks';
import { signPayload } from '@/lib/partners/signature';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { drainPendingReceipts } from '@/lib/receipts-pipeline/trigger';
import { benchAvvisi } from './avvisi';
import { benchCallbacks } from './callbacks';
import { benchImport } from './import';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } from '../tests/support/payments';
import { benchPages } from './pages';
import { runPool } from '../tests/support/pool';
import { benchPositionFilters } from './positions-filters';
import { benchStorm } from './storm';

/**
 * `npm run bench`: receipts per second through the sandbox callback handler in process, callbacks over HTTP
 * against the plain INSERT route (bench/callbacks.ts), and avvisi PDFs (bench/avvisi.ts).
 * Prints numbers only; docs/benchmarks.md records them with date and machine. The HTTP part runs
 * `next start` (so it needs `npm run build`) on a throw-away database of the PostgreSQL server in
 * BENCH_DATABASE_URL (default: the local server).
 */
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function callbackBodies(handle: DatabaseHandle, count: number) {
  const db = handle.db;
  const ente = await enteBySlug(db, 'comune-demo');
  const secret = await sandboxSecret(db, ente.id);
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const position = await newPosition(db, ente, 1000 + (i % 5000));
    bodies.push(callbackBody(ente, receiptFor(ente, position, randomUUID().replace(/-/g, ''))));
  }
  return { bodies, secret };
}

function report(label: string, count: number, ms: number) {
  console.log(
    `${label}: ${count} in ${(ms / 1000).toFixed(2)} s = ${((count * 1000) / ms).toFixed(1)}/s (${(ms / count).toFixed(2)} ms each)`,
  );
}

async function benchInProcess() {
  const handle = await openDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), 'portale-bench-')) });
  await bootstrapDatabase(handle, { seed: true });
  const { bodies, secret } = await callbackBodies(handle, RECEIPTS);
  const started = performance.now();
  await runPool(bodies, CONCURRENCY, async (body) => {
    const result = await receiveSandboxCallback(handle.db, body, signPayload(secret, body, Math.floor(Date.now() / 1000)));
    if (!result.accepted) throw new Error(`esito inatteso: ${JSON.stringify(result)}`);
  });
  if ((await drainPendingReceipts(handle.db)) > 0) throw new Error('ricevute rimaste in attesa');
  report('receipts via callback handler and sequencer (PGlite, in process)', RECEIPTS, performance.now() - started);
  const verifyStart = performance.now();
  const chain = await verifyReceiptChains(handle.db);
  if (chain.problems.length > 0) throw new Error('catena alterata durante il benchmark');
  report('receipt chain verification', chain.receiptsChecked, performance.now() - verifyStart);
  await handle.close();
}

async function main() {
  process.env.LOG_LEVEL ??= 'silent';
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  await benchPages(serverUrl);
  await benchInProcess();
  await benchImport(serverUrl);
  await benchCallbacks(serverUrl);
  await benchAvvisi(serverUrl);
  await benchPositionFilters(serverUrl);
  await benchStorm(serverUrl);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
