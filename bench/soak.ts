import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { bootstrapDatabase } from '@/db';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import type { Ente } from '@/db/schema';
import { IMPORT_COLUMNS } from '@/lib/imports/csv-format';
import { rowsOf } from '@/lib/jobs/queue';
import { signPayload } from '@/lib/partners/signature';
import { requestWithHost, startPortal, type HostResponse, type RunningPortal } from '../tests/e2e/harness';
import { SESSION_COOKIE, mintSessionCookie } from '../tests/e2e/sessions';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } from '../tests/support/payments';

/*
 * `npm run bench:soak`: a bounded soak of one `next start` instance on a fresh PostgreSQL database, loopback
 * only. For SOAK_MINUTES (10) it takes, all at once: citizen pages (an Ente's home, a service page, «Paga un
 * avviso» lookups), signed partner callbacks that each become a receipt, and a CSV import through the back
 * office's upload route every SOAK_IMPORT_EVERY_S seconds. It prints throughput, error rate and p99 per route,
 * and the server's memory (RSS and V8 heap, from its own /api/metrics) after the warm-up and at the end.
 * Exits 1 when errors exceed SOAK_MAX_ERROR_RATE or memory grows past the bounds below.
 */

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const PORT = Number(process.env.SOAK_PORT ?? 3400);
const WARMUP_MS = 20_000;
const SAMPLE_EVERY_MS = 10_000;
const IMPORT_EVERY_MS = Number(process.env.SOAK_IMPORT_EVERY_S ?? 60) * 1000;
const IMPORT_ROWS = Number(process.env.SOAK_IMPORT_ROWS ?? 500);
/** Loop concurrency: citizens browsing, citizens looking up avvisi, the partner pushing. */
const PAGE_CLIENTS = 4;
const LOOKUP_CLIENTS = 1;
const CALLBACK_CLIENTS = 2;
const MAX_ERROR_RATE = Number(process.env.SOAK_MAX_ERROR_RATE ?? 0.001);
/**
 * Memory at the end over memory after the warm-up, each the lowest sample of its quarter of the run: the used
 * heap is a sawtooth between collections, its floor is what stays alive. A leak raises the floor without
 * bound; a healthy server's levels off.
 */
const MAX_RSS_GROWTH = 1.5;
const MAX_HEAP_GROWTH = 2;
const TOKEN = randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');

class RouteStats {
  readonly latencies: number[] = [];
  errors = 0;
  readonly errorSamples = new Set<string>();

  record(ms: number, error?: string) {
    this.latencies.push(ms);
    if (error === undefined) return;
    this.errors++;
    if (this.errorSamples.size < 3) this.errorSamples.add(error);
  }

  p99(): number {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
  }
}

interface Memory {
  rss: number;
  heap: number;
}

async function memoryOf(portal: RunningPortal): Promise<Memory> {
  const { status, body } = await requestWithHost(portal.port, `127.0.0.1:${portal.port}`, '/api/metrics', {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (status !== 200) throw new Error(`/api/metrics: HTTP ${status}`);
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1] ?? NaN);
  return { rss: value('process_resident_memory_bytes'), heap: value('nodejs_heap_size_used_bytes') };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function importCsv(round: number): string {
  const lines = [IMPORT_COLUMNS.join(';')];
  for (let i = 0; i < IMPORT_ROWS; i++)
    lines.push(`soak-${round}-${i};F;RSSMRA80A01B157X;Mario Rossi;;tari;TARI soak ${round}-${i};${10 + (i % 90)},00;30/06/2027`);
  return `${lines.join('\n')}\n`;
}

/** A multipart body as a browser posts the upload form. */
async function multipart(csv: string): Promise<{ body: string; type: string }> {
  const form = new FormData();
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'soak.csv');
  const request = new Request('http://soak.invalid/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()).toString('utf8'), type: request.headers.get('content-type')! };
}

async function staffCookie(handle: DatabaseHandle): Promise<string> {
  const [admin] = rowsOf<{ id: string; name: string }>(
    await handle.db.execute(sql`select id, full_name as "name" from users where email = 'admin@comune-demo.example.it'`),
  );
  if (!admin) throw new Error('manca l’amministratore dimostrativo di comune-demo');
  return `${SESSION_COOKIE}=${await mintSessionCookie({ userId: admin.id, name: admin.name, method: 'password' })}`;
}

export async function benchSoak(serverUrl: string): Promise<boolean> {
  const name = `${process.env.SOAK_DATABASE_PREFIX ?? 'portale_soak'}_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  let portal: RunningPortal | undefined;
  try {
    await bootstrapDatabase(handle, { seed: true });
    const demo: Ente = await enteBySlug(handle.db, 'comune-demo');
    const secret = await sandboxSecret(handle.db, demo.id);
    const lookups = await Promise.all(Array.from({ length: 20 }, () => newPosition(handle.db, demo)));
    const cookie = await staffCookie(handle);
    const receiptsIn = async () =>
      rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as "n" from receipts where ente_id = ${demo.id}`))[0]!.n;
    const receiptsBefore = await receiptsIn();
    portal = await startPortal(PORT, { DATABASE_URL: url.toString(), METRICS_TOKEN: TOKEN, LOG_LEVEL: 'error' });
    const host = `comune-demo.${portal.base}`;
    const origin = `http://${host}`;

    const stats = new Map<string, RouteStats>();
    const timed = async (route: string, expected: number[], call: () => Promise<HostResponse>) => {
      const entry = stats.get(route) ?? stats.set(route, new RouteStats()).get(route)!;
      const started = performance.now();
      try {
        const { status } = await call();
        entry.record(performance.now() - started, expected.includes(status) ? undefined : `HTTP ${status}`);
      } catch (error) {
        entry.record(performance.now() - started, (error as Error).message);
      }
    };

    const end = Date.now() + WARMUP_MS + MINUTES * 60_000;
    const loop = async (work: (i: number) => Promise<void>) => {
      for (let i = 0; Date.now() < end; i++) await work(i);
    };
    let callbacks = 0;
    const traffic = [
      ...Array.from({ length: PAGE_CLIENTS }, () =>
        loop(async (i) => {
          if (i % 2 === 0) await timed('GET / (home dell’Ente)', [200], () => requestWithHost(portal!.port, host, '/'));
          else await timed('GET /servizi/[code]', [200], () => requestWithHost(portal!.port, host, '/servizi/mensa'));
        }),
      ),
      ...Array.from({ length: LOOKUP_CLIENTS }, () =>
        loop(async (i) => {
          const position = lookups[i % lookups.length]!;
          // Every lookup from its own citizen: the limit per address is not what this measures.
          const citizen = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
          await timed('POST /paga-avviso/verifica', [200], () =>
            requestWithHost(portal!.port, host, '/paga-avviso/verifica', {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-forwarded-for': citizen },
              body: JSON.stringify({ codice: position.noticeNumber, codiceFiscale: 'RCCMNL83S18D969H' }),
            }),
          );
        }),
      ),
      ...Array.from({ length: CALLBACK_CLIENTS }, () =>
        loop(async () => {
          const position = await newPosition(handle.db, demo);
          const body = callbackBody(demo, receiptFor(demo, position, randomUUID().replace(/-/g, '')));
          await timed('POST /api/partners/sandbox/callbacks', [200], () =>
            requestWithHost(portal!.port, `127.0.0.1:${portal!.port}`, '/api/partners/sandbox/callbacks', {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-signature': signPayload(secret, body, Math.floor(Date.now() / 1000)) },
              body,
            }),
          );
          callbacks++;
        }),
      ),
      // SOAK_IMPORT_EVERY_S=0: no imports (to tell their memory from the rest's).
      ...(IMPORT_EVERY_MS > 0
        ? [
            loop(async (round) => {
              const upload = await multipart(importCsv(round));
              await timed('POST /admin/importazioni/carica', [303], () =>
                requestWithHost(portal!.port, host, '/admin/importazioni/carica', {
                  method: 'POST',
                  headers: { 'content-type': upload.type, cookie, origin },
                  body: upload.body,
                }),
              );
              await new Promise((r) => setTimeout(r, Math.min(IMPORT_EVERY_MS, Math.max(0, end - Date.now()))));
            }),
          ]
        : []),
    ];

    // Memory after the warm-up (caches filled, code compiled), then sampled until the end.
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    stats.clear();
    const measuredFrom = performance.now();
    const samples: Memory[] = [await memoryOf(portal)];
    const sampler = loop(async () => {
      await new Promise((r) => setTimeout(r, Math.min(SAMPLE_EVERY_MS, Math.max(0, end - Date.now()))));
      samples.push(await memoryOf(portal!));
    });
    await Promise.all([...traffic, sampler]);
    const seconds = (performance.now() - measuredFrom) / 1000;
    samples.push(await memoryOf(portal));

    const receipts = (await receiptsIn()) - receiptsBefore;
    const [imported] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as "n" from positions where ente_id = ${demo.id} and external_id like 'soak-%'`),
    );

    console.log(`soak: ${MINUTES} min after ${WARMUP_MS / 1000} s of warm-up, next start on PostgreSQL, loopback`);
    console.log('| route | requests | req/s | errors | p99 |');
    console.log('| --- | --- | --- | --- | --- |');
    let total = 0;
    let errors = 0;
    for (const [route, s] of stats) {
      total += s.latencies.length;
      errors += s.errors;
      console.log(
        `| ${route} | ${s.latencies.length} | ${(s.latencies.length / seconds).toFixed(1)} | ${s.errors} | ${s.p99().toFixed(0)} ms |`,
      );
      for (const sample of s.errorSamples) console.log(`    ${sample}`);
    }
    const errorRate = total === 0 ? 1 : errors / total;
    console.log(
      `throughput: ${(total / seconds).toFixed(1)} req/s, error rate ${(errorRate * 100).toFixed(3)} % (bound ${MAX_ERROR_RATE * 100} %)`,
    );
    console.log(`receipts added to the chain: ${receipts} (signed callbacks sent: ${callbacks}); positions imported: ${imported!.n}`);
    const quarter = Math.max(1, Math.floor(samples.length / 4));
    const floor = (from: Memory[]): Memory => ({ rss: Math.min(...from.map((m) => m.rss)), heap: Math.min(...from.map((m) => m.heap)) });
    const first = floor(samples.slice(0, quarter));
    const last = floor(samples.slice(-quarter));
    const peak = (key: keyof Memory) => Math.max(...samples.map((m) => m[key]));
    const rssGrowth = last.rss / first.rss;
    const heapGrowth = last.heap / first.heap;
    console.log(
      `memory: ${samples.length} samples, every ${SAMPLE_EVERY_MS / 1000} s; start and end are the lowest of the first and last ${quarter}`,
    );
    console.log(
      `RSS: ${mb(first.rss)} at start, ${mb(last.rss)} at end (×${rssGrowth.toFixed(2)}, bound ×${MAX_RSS_GROWTH}), peak ${mb(peak('rss'))}`,
    );
    console.log(
      `V8 heap used: ${mb(first.heap)} at start, ${mb(last.heap)} at end (×${heapGrowth.toFixed(2)}, bound ×${MAX_HEAP_GROWTH}), peak ${mb(peak('heap'))}`,
    );
    const ok = errorRate <= MAX_ERROR_RATE && rssGrowth <= MAX_RSS_GROWTH && heapGrowth <= MAX_HEAP_GROWTH;
    console.log(ok ? 'OK' : 'FALLITO');
    return ok;
  } finally {
    await portal?.stop();
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (process.argv[1]?.endsWith('soak.ts')) {
  process.env.LOG_LEVEL ??= 'silent';
  benchSoak(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
    .then((ok) => {
      process.exitCode = ok ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
