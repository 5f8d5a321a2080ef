import { performance } from 'node:perf_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { bootstrapDatabase } from '@/db';
import { openDatabase } from '@/db/client';
import type { Database } from '@/db';
import { anomalies, enti, partnerCredentials, type Ente } from '@/db/schema';
import { BENCH_INSERT_TABLE_DDL } from '@/lib/bench/insert-anchor';
import { rowsOf } from '@/lib/jobs/queue';
import { signPayload } from '@/lib/partners/signature';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { startPortal } from '../tests/e2e/harness';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } from '../tests/support/payments';

/*
 * Issue 11, «a receipt pipeline near the database's insert rate». `next start` on a fresh PostgreSQL
 * database; the anchor is a route on the same server, behind the same middleware, doing one plain INSERT
 * of the body per request (POST /api/bench/insert, BENCH_ROUTES_ENABLED), measured right before each
 * phase with the same bodies and the same concurrency. Then verified, signed sandbox callbacks for 1 Ente
 * and for 50 Enti: acknowledgements per second (what the partner sees), receipts per second end to end
 * (first storage to last append), and the time from acknowledgement to receipt, p50 and p99, from the
 * database: each inbox entry's received_at (stored, then answered) to its processed_at (appended).
 * Targets: callbacks ≥ 0.5 × the INSERT route, ack→receipt p99 < 1 s. Needs `npm run build`.
 * Sizes: BENCH_CALLBACKS per phase (2000), BENCH_CALLBACK_CONCURRENCY in flight (48), BENCH_PORT (3300).
 */

const CALLBACKS = Number(process.env.BENCH_CALLBACKS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CALLBACK_CONCURRENCY ?? 48);
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const ENTI = 50;
const RATIO_TARGET = 0.5;
const P99_TARGET_MS = 1000;

interface Callback {
  body: string;
  secret: string;
}

interface PhaseResult {
  label: string;
  anchorPerSecond: number;
  acksPerSecond: number;
  receiptsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  batchStats: string;
}

async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i]!);
    }),
  );
}

/** Requests per second of `send` over every item, `CONCURRENCY` in flight; any answer but `expected` stops the run. */
async function measure<T>(items: readonly T[], expected: number, send: (item: T) => Promise<Response>): Promise<number> {
  const started = performance.now();
  await runPool(items, CONCURRENCY, async (item) => {
    const response = await send(item);
    if (response.status !== expected) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    await response.arrayBuffer();
  });
  return (items.length * 1000) / (performance.now() - started);
}

/** The Enti of the 50-Enti phase: copies of the demo Comune with their own fiscal code and sandbox secret. */
async function benchEnti(db: Database, template: Ente, count: number): Promise<Ente[]> {
  // Everything unique is left out or replaced: id, SPID service index, slug, fiscal and IPA codes.
  const { id: _id, parentId: _parent, spidServiceIndex: _index, createdAt: _created, updatedAt: _updated, ...row } = template;
  const created: Ente[] = [];
  for (let i = 0; i < count; i++) {
    const [ente] = await db
      .insert(enti)
      .values({
        ...row,
        slug: `bench-${i}`,
        name: `Comune di Prova ${i}`,
        fiscalCode: `9${String(i).padStart(10, '0')}`,
        ipaCode: `c_bench${i}`,
      })
      .returning();
    await db.insert(partnerCredentials).values({ enteId: ente!.id, partner: 'sandbox', callbackSecret: randomBytes(32).toString('hex') });
    created.push(ente!);
  }
  return created;
}

/** One signed callback per new position, spread round robin over `targets`. */
async function callbacksFor(db: Database, targets: Ente[], count: number): Promise<Callback[]> {
  const secrets = new Map<string, string>();
  for (const ente of targets) secrets.set(ente.id, await sandboxSecret(db, ente.id));
  const made: Callback[] = new Array(count);
  await runPool(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      const ente = targets[i % targets.length]!;
      const position = await newPosition(db, ente, 1000 + (i % 5000));
      made[i] = { body: callbackBody(ente, receiptFor(ente, position, randomUUID().replace(/-/g, ''))), secret: secrets.get(ente.id)! };
    },
  );
  return made;
}

async function waitUntilAppended(db: Database, deadlineMs = 300_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as "n" from partner_inbox where pending_receipt is not null`),
    );
    if (row!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${row!.n} ricevute ancora in attesa dopo ${deadlineMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** ack→receipt of the entries stored since `since`, and the end-to-end rate from the first storage to the last append. */
async function pipelineTimes(
  db: Database,
  sinceId: number,
): Promise<{ appended: number; p50Ms: number; p99Ms: number; receiptsPerSecond: number; batchStats: string }> {
  const rows = rowsOf<{ ms: number; received: number; processed: number }>(
    await db.execute(sql`
      select extract(epoch from (processed_at - received_at)) * 1000 as "ms",
        extract(epoch from received_at) * 1000 as "received", extract(epoch from processed_at) * 1000 as "processed"
      from partner_inbox where id > ${sinceId} and outcome = 'receipt_created' order by 1`),
  ).map((r) => ({ ms: Number(r.ms), received: Number(r.received), processed: Number(r.processed) }));
  const at = (q: number) => rows[Math.min(rows.length - 1, Math.ceil(q * rows.length) - 1)]!.ms;
  const first = Math.min(...rows.map((r) => r.received));
  const last = Math.max(...rows.map((r) => r.processed));
  // A batch's entries share their processed_at: how many batches, how big, how far apart.
  const batches = [...new Set(rows.map((r) => r.processed))].sort((a, b) => a - b);
  const sizes = batches.map((at) => rows.filter((r) => r.processed === at).length);
  const gaps = batches.slice(1).map((at, i) => at - batches[i]!);
  const batchStats = `${batches.length} batches of ${(rows.length / batches.length).toFixed(1)} receipts on average (max ${Math.max(...sizes)}), one every ${(gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)).toFixed(0)} ms (max ${Math.max(0, ...gaps).toFixed(0)} ms)`;
  return { appended: rows.length, p50Ms: at(0.5), p99Ms: at(0.99), receiptsPerSecond: (rows.length * 1000) / (last - first), batchStats };
}

async function lastInboxId(db: Database): Promise<number> {
  return Number(rowsOf<{ id: number | null }>(await db.execute(sql`select max(id) as "id" from partner_inbox`))[0]!.id ?? 0);
}

async function phase(db: Database, label: string, callbacks: Callback[]): Promise<PhaseResult> {
  const base = `http://127.0.0.1:${PORT}`;
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const anchorPerSecond = await measure(callbacks, 200, (c) => post('/api/bench/insert', c.body));
  const since = await lastInboxId(db);
  // Signed at send time, as the partner does: the signature expires after 300 s.
  const acksPerSecond = await measure(callbacks, 200, (c) =>
    post('/api/partners/sandbox/callbacks', c.body, { 'x-signature': signPayload(c.secret, c.body, Math.floor(Date.now() / 1000)) }),
  );
  await waitUntilAppended(db);
  const times = await pipelineTimes(db, since);
  if (times.appended !== callbacks.length) throw new Error(`${label}: ${times.appended} ricevute di ${callbacks.length}`);
  return {
    label,
    anchorPerSecond,
    acksPerSecond,
    p50Ms: times.p50Ms,
    p99Ms: times.p99Ms,
    receiptsPerSecond: times.receiptsPerSecond,
    batchStats: times.batchStats,
  };
}

function report(result: PhaseResult): void {
  const ratio = result.acksPerSecond / result.anchorPerSecond;
  const endToEnd = result.receiptsPerSecond / result.anchorPerSecond;
  const met = ratio >= RATIO_TARGET && result.p99Ms < P99_TARGET_MS;
  console.log(
    `callbacks, ${result.label} (PostgreSQL, next start, ${CONCURRENCY} in flight, ${CALLBACKS} each):\n` +
      `  verified callbacks acknowledged ${result.acksPerSecond.toFixed(1)}/s, INSERT route ${result.anchorPerSecond.toFixed(1)}/s, ratio ${ratio.toFixed(2)} (target ≥ ${RATIO_TARGET})\n` +
      `  receipts appended end to end ${result.receiptsPerSecond.toFixed(1)}/s, ratio ${endToEnd.toFixed(2)}\n` +
      `  ack→receipt p50 ${result.p50Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms (target p99 < ${P99_TARGET_MS} ms)\n` +
      `  sequencer: ${result.batchStats}\n` +
      `  ${met ? 'targets met' : 'TARGETS NOT MET'}`,
  );
}

/** The benchmark, on a throw-away database of the PostgreSQL server at `serverUrl`. */
export async function benchCallbacks(serverUrl: string): Promise<PhaseResult[]> {
  const name = `portale_bench_callbacks_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  try {
    const db = handle.db;
    await bootstrapDatabase(handle, { seed: true });
    await db.execute(sql.raw(BENCH_INSERT_TABLE_DDL));
    const demo = await enteBySlug(db, 'comune-demo');
    const single = await callbacksFor(db, [demo], CALLBACKS);
    const many = await callbacksFor(db, await benchEnti(db, demo, ENTI), CALLBACKS);

    const portal = await startPortal(PORT, { DATABASE_URL: url.toString(), BENCH_ROUTES_ENABLED: 'true', LOG_LEVEL: 'warn' });
    const results: PhaseResult[] = [];
    try {
      // Warm-up: the routes compiled and the pools open before anything is timed.
      await measure(single.slice(0, 50), 200, (c) => fetch(`http://127.0.0.1:${PORT}/api/bench/insert`, { method: 'POST', body: c.body }));
      results.push(await phase(db, '1 Ente', single));
      results.push(await phase(db, `${ENTI} Enti`, many));
    } finally {
      await portal.stop();
    }

    const [anomalyCount] = await db.select({ n: sql<number>`count(*)::int` }).from(anomalies);
    const chain = await verifyReceiptChains(db);
    if (anomalyCount!.n > 0 || chain.problems.length > 0)
      throw new Error(`esito inatteso: ${anomalyCount!.n} anomalie, ${chain.problems.length} problemi di catena`);
    for (const result of results) report(result);
    return results;
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (process.argv[1]?.endsWith('callbacks.ts')) {
  process.env.LOG_LEVEL ??= 'silent';
  benchCallbacks(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
