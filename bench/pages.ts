import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { createClient } from '@redis/client';
import postgres from 'postgres';
import { getWithHost, startPortal, type EnvOverrides, type RunningPortal } from '../tests/e2e/harness';

/**
 * The cached citizen pages against a static file of the same size served by the same `next start`
 * (production build, PostgreSQL, the Redis page cache), in one run: requests per second and p99 at 50
 * connections, then the p99 of each at a fixed rate the static file holds under 50 ms. Targets (issue 11):
 * the pages at ≥ 0.7 × the static file's requests per second, p99 < 50 ms at that rate.
 * BENCH_PAGES_PORT (3310), BENCH_PAGES_SECONDS (10), REDIS_URL (redis://127.0.0.1:6379/1).
 */
const PORT = Number(process.env.BENCH_PAGES_PORT ?? 3310);
const SECONDS = Number(process.env.BENCH_PAGES_SECONDS ?? 10);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1';
const CONNECTIONS = 50;
const P99_TARGET_MS = 50;

interface Load {
  rps: number;
  p99: number;
  failed: number;
}

async function load(port: number, host: string, pathname: string, overallRate?: number): Promise<Load> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${pathname}`,
    headers: { host },
    connections: CONNECTIONS,
    duration: SECONDS,
    ...(overallRate ? { overallRate } : {}),
  });
  return { rps: result.requests.average, p99: result.latency.p99, failed: result.non2xx + result.errors };
}

const fmt = (load: Load) => `${load.rps.toFixed(0)} req/s, p99 ${load.p99} ms${load.failed ? `, ${load.failed} failed` : ''}`;

async function forgetRedisKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false } });
  await client.connect();
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
  if (keys.length > 0) await client.del(keys);
  await client.close();
}

export async function benchPages(serverUrl: string): Promise<void> {
  if (!existsSync('.cache-handler/lib/cache/next-cache-handler.js') || !existsSync('.next/BUILD_ID')) {
    throw new Error('bench delle pagine: serve la build di produzione (npm run build)');
  }
  const name = `portale_bench_pages_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const prefix = `bench:${randomUUID().slice(0, 8)}:`;
  const env: EnvOverrides = {
    DATABASE_URL: url.toString(),
    DATABASE_MIGRATION_URL: '',
    DATABASE_APP_ROLE: '',
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    WORKER_ENABLED: 'false',
    LOG_LEVEL: 'error',
  };
  // In public/guida/, which the middleware does not see, like every static file.
  const staticFile = path.join('public', 'guida', `bench-${randomUUID()}.html`);
  let portal: RunningPortal | undefined;
  try {
    // A first start seeds the database and renders the home once, to learn its size.
    portal = await startPortal(PORT, env);
    const host = `comune-demo.${portal.base}`;
    const home = await getWithHost(PORT, host, '/');
    if (home.status !== 200) throw new Error(`home dell'Ente: HTTP ${home.status}`);
    await portal.stop();
    // Next lists public/ when it starts: the file of the same size goes in before the second start.
    writeFileSync(
      staticFile,
      `<!doctype html><title>x</title>${randomBytes(home.body.length)
        .toString('base64')
        .slice(0, home.body.length - 31)}`,
    );
    portal = await startPortal(PORT, { ...env, SEED_DEMO_DATA: 'false' });
    const pages = [
      ['static file', '/' + path.relative('public', staticFile)],
      ['Ente home', '/'],
      ['service page', '/servizi/mensa'],
    ] as const;
    for (const [label, pathname] of pages) {
      const warm = await getWithHost(PORT, host, pathname);
      if (warm.status !== 200) throw new Error(`${label}: HTTP ${warm.status}`);
    }
    console.log(
      `cached pages (next start, PostgreSQL, Redis page cache, ${CONNECTIONS} connections, ${SECONDS} s each; ${home.body.length} bytes):`,
    );
    const flat = new Map<string, Load>();
    for (const [label, pathname] of pages) flat.set(label, await load(PORT, host, pathname));
    const staticLoad = flat.get('static file')!;
    console.log(`  static file: ${fmt(staticLoad)}`);
    for (const [label] of pages.slice(1)) {
      const page = flat.get(label)!;
      const ratio = page.rps / staticLoad.rps;
      console.log(`  ${label}: ${fmt(page)} = ${ratio.toFixed(2)} × static (target ≥ 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'})`);
    }

    // A rate the static file holds with p99 under 50 ms: half its top rate, halved again until it does.
    let rate = Math.max(10, Math.floor(staticLoad.rps / 2));
    let staticAtRate = await load(PORT, host, pages[0][1], rate);
    while (staticAtRate.p99 >= P99_TARGET_MS && rate > 10) {
      rate = Math.floor(rate / 2);
      staticAtRate = await load(PORT, host, pages[0][1], rate);
    }
    console.log(`  at a fixed ${rate} req/s: static file p99 ${staticAtRate.p99} ms`);
    for (const [label, pathname] of pages.slice(1)) {
      const page = await load(PORT, host, pathname, rate);
      console.log(
        `  at a fixed ${rate} req/s: ${label} p99 ${page.p99} ms = ${(page.p99 / Math.max(1, staticAtRate.p99)).toFixed(2)} × static (target < ${P99_TARGET_MS} ms: ${page.p99 < P99_TARGET_MS ? 'met' : 'NOT met'})`,
      );
    }
  } finally {
    await portal?.stop();
    rmSync(staticFile, { force: true });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    await forgetRedisKeys(prefix);
  }
}
