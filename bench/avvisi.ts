import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { asc, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { bootstrapDatabase } from '@/db';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { positions } from '@/db/schema';
import { signLink } from '@/lib/documents/links';
import { noticeDataFor } from '@/lib/documents/notice-data-loader';
import { renderNoticePdf } from '@/lib/documents/avviso/render-notice';
import { createNoticePool, noticePoolSize, renderNotice } from '@/lib/documents/pool/notice-pool';
import { SAMPLE_NOTICE } from '@/lib/documents/pool/sample-notice';
import { buildAvvisiZip, requestAvvisiZip } from '@/lib/imports/avvisi-zip';
import { createImport, runImport } from '@/lib/imports/run-import';
import { startPortal } from '../tests/e2e/harness';
import { enteBySlug } from '../tests/support/payments';
import { importCsv } from './import';

/**
 * Avvisi PDFs, each figure with an anchor measured in the same run (absolute figures on a shared machine are noise):
 * (a) the import's ZIP of BENCH_AVVISI (1,000) avvisi through the thread pool (PDF_WORKERS, one per core by
 * default) against the same ZIP rendered in this one thread; (b) one avviso over HTTP against `next start` on a
 * fresh PostgreSQL database, p50/p95 at 1 and 2 in flight, against a static file of the same size served by the
 * same server (BENCH_AVVISI_REQUESTS per series, port BENCH_AVVISI_PORT).
 */
const NOTICES = Number(process.env.BENCH_AVVISI ?? 1000);
const REQUESTS = Number(process.env.BENCH_AVVISI_REQUESTS ?? 200);
const PORT = Number(process.env.BENCH_AVVISI_PORT ?? 3310);
// Under public/guida/, which the middleware lets through like every public file (lib/tenancy/routing.ts).
const STATIC_FILE = path.join(process.cwd(), 'public', 'guida', 'bench-avviso.pdf');

const rate = (count: number, ms: number) => (count * 1000) / ms;

async function freshDatabase(admin: postgres.Sql, serverUrl: string, name: string): Promise<{ url: string; handle: DatabaseHandle }> {
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await bootstrapDatabase(handle, { seed: true });
  return { url: url.toString(), handle };
}

/** An import of `rows` positions of the demo Comune, as a clerk's CSV makes them. */
async function importedAvvisi(handle: DatabaseHandle, rows: number): Promise<string> {
  const ente = await enteBySlug(handle.db, 'comune-demo');
  const importId = await createImport(handle.db, {
    enteId: ente.id,
    createdBy: null,
    filename: 'avvisi.csv',
    file: importCsv(rows, 'avv'),
  });
  const counts = await runImport(handle.db, importId);
  if (counts.loaded !== rows) throw new Error(`importazione incompleta: ${JSON.stringify(counts)}`);
  await requestAvvisiZip(handle.db, ente.id, importId);
  return importId;
}

async function benchZip(handle: DatabaseHandle): Promise<void> {
  const importId = await importedAvvisi(handle, NOTICES);
  const size = noticePoolSize();
  const pool = createNoticePool(size);
  try {
    // Both sides warm: this thread's renderer and every pool thread have rendered once.
    await renderNoticePdf(SAMPLE_NOTICE);
    await Promise.all(Array.from({ length: size }, () => pool.run(SAMPLE_NOTICE)));

    const anchorStart = performance.now();
    const anchorCount = await buildAvvisiZip(handle.db, importId, { render: renderNoticePdf });
    const anchor = rate(anchorCount, performance.now() - anchorStart);
    const poolStart = performance.now();
    const poolCount = await buildAvvisiZip(handle.db, importId, {
      render: (data) => renderNotice(data, pool),
    });
    const pooled = rate(poolCount, performance.now() - poolStart);
    console.log(`avvisi ZIP in this thread (anchor): ${anchorCount} avvisi = ${anchor.toFixed(1)}/s`);
    console.log(`avvisi ZIP through the pool (${size} threads): ${poolCount} avvisi = ${pooled.toFixed(1)}/s`);
    console.log(
      `ratio pool / one thread: ${(pooled / anchor).toFixed(2)}; target ≥ 100 avvisi/s on 2 cores: ${pooled >= 100 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await pool.close();
  }
}

/** Milliseconds of each GET, `inFlight` at a time, each with a fresh path from `paths`. */
async function timeGets(host: string, paths: string[], inFlight: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const times: number[] = [];
  let next = 0;
  const get = (pathname: string) =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const req = request({ host: '127.0.0.1', port: PORT, path: pathname, headers: { host }, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${pathname}: HTTP ${res.statusCode}`));
          times.push(performance.now() - started);
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < paths.length) await get(paths[next++ % paths.length]!);
    }),
  );
  agent.destroy();
  return times;
}

function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function benchSingle(url: string, handle: DatabaseHandle): Promise<void> {
  const importId = await importedAvvisi(handle, 50);
  const ente = await enteBySlug(handle.db, 'comune-demo');
  const imported = await handle.db.select().from(positions).where(eq(positions.importId, importId)).orderBy(asc(positions.noticeNumber));
  // The links signed here must verify there: one key for both.
  process.env.LINK_SECRET = randomBytes(32).toString('hex');
  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
  try {
    // The anchor is as large as an avviso: the same PDF, rendered here.
    writeFileSync(STATIC_FILE, await renderNoticePdf(await noticeDataFor(handle.db, ente, imported[0]!)));
    portal = await startPortal(PORT, { DATABASE_URL: url, LINK_SECRET: process.env.LINK_SECRET, LOG_LEVEL: 'silent' });
    const host = `comune-demo.${portal.base}`;
    const avvisi = Array.from({ length: REQUESTS }, (_, i) => {
      const nav = imported[i % imported.length]!.noticeNumber;
      return `/avvisi/${nav}?t=${signLink('notice', ente.id, nav)}`;
    });
    const statics = Array.from({ length: REQUESTS }, () => '/guida/bench-avviso.pdf');
    // Warm-up: the PDF threads start on first use.
    await timeGets(host, avvisi.slice(0, 20), 2);
    await timeGets(host, statics.slice(0, 20), 2);
    for (const inFlight of [1, 2]) {
      const avviso = await timeGets(host, avvisi, inFlight);
      const file = await timeGets(host, statics, inFlight);
      const [a50, a95, s50, s95] = [percentile(avviso, 50), percentile(avviso, 95), percentile(file, 50), percentile(file, 95)];
      console.log(
        `avviso over HTTP, ${inFlight} in flight: p50 ${a50.toFixed(1)} ms, p95 ${a95.toFixed(1)} ms` +
          ` (target p95 < 50 ms: ${a95 < 50 ? 'met' : 'NOT met'}); static file of the same size: p50 ${s50.toFixed(1)} ms,` +
          ` p95 ${s95.toFixed(1)} ms; ratio p95 avviso / static ${(a95 / s95).toFixed(1)}`,
      );
    }
  } finally {
    await portal?.stop();
    rmSync(STATIC_FILE, { force: true });
  }
}

export async function benchAvvisi(serverUrl: string): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  // A prefix of one's own where several people share the server's databases.
  const prefix = process.env.BENCH_DATABASE_PREFIX ?? 'portale_bench';
  const names = [`${prefix}_avvisi_zip_${Date.now()}`, `${prefix}_avvisi_http_${Date.now()}`];
  try {
    const zip = await freshDatabase(admin, serverUrl, names[0]!);
    try {
      await benchZip(zip.handle);
    } finally {
      await zip.handle.close();
    }
    const http = await freshDatabase(admin, serverUrl, names[1]!);
    try {
      await benchSingle(http.url, http.handle);
    } finally {
      await http.handle.close();
    }
  } finally {
    for (const name of names) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (process.argv[1]?.endsWith('avvisi.ts')) {
  process.env.LOG_LEVEL ??= 'silent';
  benchAvvisi(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
