import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { bootstrapDatabase } from '@/db';
import { receiveSandboxCallback } from '@/lib/payments/callbacks';
import { signPayload } from '@/lib/partners/signature';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { startPortal } from '../tests/e2e/harness';
import { benchAvvisi } from './avvisi';
import { benchImport } from './import';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } from '../tests/support/payments';
import { benchPositionFilters } from './positions-filters';

/**
 * `npm run bench`: receipts per second through the sandbox callback endpoint, and avvisi PDFs (bench/avvisi.ts).
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

async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
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
    if (result.outcome !== 'receipt_created') throw new Error(`esito inatteso: ${JSON.stringify(result)}`);
  });
  report('receipts via callback handler (PGlite, in process)', RECEIPTS, performance.now() - started);
  const verifyStart = performance.now();
  const chain = await verifyReceiptChains(handle.db);
  if (chain.problems.length > 0) throw new Error('catena alterata durante il benchmark');
  report('receipt chain verification', chain.receiptsChecked, performance.now() - verifyStart);
  await handle.close();
}

async function benchHttp(serverUrl: string) {
  const name = `portale_bench_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  try {
    await bootstrapDatabase(handle, { seed: true });
    const { bodies, secret } = await callbackBodies(handle, RECEIPTS);
    process.env.DATABASE_URL = url.toString();
    process.env.AUTH_SECRET ??= randomUUID() + randomUUID();
    process.env.PARTNER_SECRETS_KEY ??= randomUUID() + randomUUID();
    const portal = await startPortal(3300);
    try {
      const started = performance.now();
      await runPool(bodies, CONCURRENCY, async (body) => {
        const response = await fetch('http://127.0.0.1:3300/api/partners/sandbox/callbacks', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-signature': signPayload(secret, body, Math.floor(Date.now() / 1000)) },
          body,
        });
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      });
      report(
        `receipts via HTTP callback endpoint (PostgreSQL, next start, ${CONCURRENCY} in flight)`,
        RECEIPTS,
        performance.now() - started,
      );
    } finally {
      await portal.stop();
    }
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function main() {
  process.env.LOG_LEVEL ??= 'silent';
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  await benchInProcess();
  await benchImport(serverUrl);
  await benchHttp(serverUrl);
  await benchAvvisi(serverUrl);
  await benchPositionFilters(serverUrl);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
