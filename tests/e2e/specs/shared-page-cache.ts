import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createClient } from '@redis/client';
import postgres from 'postgres';
import { assert, requestWithHost, startPortal, type E2EContext, type HostResponse, type RunningPortal, type Suite } from '../harness';
import { signInStaff } from '../staff-login';

/*
 * Two `next start` instances on one PostgreSQL database and one Redis, as behind a load balancer: the cached
 * citizen pages rendered by one are served by the other, and a clerk's change on one instance reaches the
 * pages of both at once. Redis and PostgreSQL must be there (127.0.0.1, or REDIS_TEST_URL and PG_ADMIN_URL):
 * without them the check fails, it is never skipped.
 */
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379/1';
const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HANDLER = '.cache-handler/lib/cache/next-cache-handler.js';
const NEW_TITLE = 'Mensa scolastica (tariffe 2026)';

async function redisReachable(prefix: string): Promise<() => Promise<void>> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Redis non raggiungibile su ${REDIS_URL}: il controllo della cache condivisa non può girare (${String(error)})`);
  }
  return async () => {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
    if (keys.length > 0) await client.del(keys);
    await client.close();
  };
}

export function register(suite: Suite, { portal, browser }: E2EContext) {
  suite.test('shared page cache: two instances serve one cache, and a clerk’s change reaches both at once', async () => {
    assert(existsSync(HANDLER), `${HANDLER} mancante: va costruito con npm run build`);
    const prefix = `e2e:${randomUUID().slice(0, 8)}:`;
    const cleanRedis = await redisReachable(prefix);
    const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => undefined });
    const database = `${process.env.E2E_PG_PREFIX ?? 'portale_e2e_'}cache_${process.pid}`;
    const instances: RunningPortal[] = [];
    try {
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.unsafe(`create database ${database}`);
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${database}`;
      // One base domain for both, as behind nginx: the requests name it in Host, whichever instance they reach.
      const [port1, port2] = [portal.port + 41, portal.port + 42];
      const shared = {
        DATABASE_URL: url.toString(),
        DATABASE_MIGRATION_URL: '',
        DATABASE_APP_ROLE: '',
        REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        PORTAL_BASE_DOMAIN: `localhost:${port1}`,
        SANDBOX_CALLBACK_URL: `http://127.0.0.1:${port1}/api/partners/sandbox/callbacks`,
      };
      // The first migrates and seeds the database and runs the worker; the second only serves.
      instances.push(await startPortal(port1, shared));
      instances.push(await startPortal(port2, { ...shared, SEED_DEMO_DATA: 'false', WORKER_ENABLED: 'false' }));
      const host = `comune-demo.${shared.PORTAL_BASE_DOMAIN}`;
      const get = (port: number, pathname: string) => requestWithHost(port, host, pathname);
      const cacheOf = (response: HostResponse) => String(response.headers['x-nextjs-cache']);

      // Rendered once by the first instance, then served from the shared cache by both.
      for (const pathname of ['/', '/servizi/mensa']) {
        const first = await get(port1, pathname);
        assert(first.status === 200, `${pathname}: HTTP ${first.status}`);
        const again = await get(port1, pathname);
        assert(cacheOf(again) === 'HIT', `${pathname} sulla prima istanza: x-nextjs-cache ${cacheOf(again)}`);
        const other = await get(port2, pathname);
        assert(cacheOf(other) === 'HIT', `${pathname} sulla seconda istanza, mai resa lì: x-nextjs-cache ${cacheOf(other)}`);
        assert(other.body === again.body, `${pathname}: le due istanze servono pagine diverse`);
        const policy = String(other.headers['content-security-policy']);
        assert(!policy.includes('nonce') && other.body.includes('Mensa scolastica'), `${pathname}: pagina in cache senza nonce`);
      }

      // A clerk renames the service in the back office of the first instance.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
      try {
        const page = await context.newPage();
        await signInStaff(page, instances[0]!, 'comune-demo', 'admin@comune-demo.example.it');
        await page.goto(instances[0]!.url('comune-demo', '/admin/servizi/mensa'));
        await page.waitForLoadState('networkidle');
        await page.getByLabel('Titolo').fill(NEW_TITLE);
        await page.getByRole('button', { name: 'Salva le modifiche' }).click();
        await page.getByText('Modifiche salvate').waitFor();
      } finally {
        await context.close();
      }

      // At once, on both instances: the service page and the home that lists it; then from the cache again.
      for (const port of [port2, port1]) {
        for (const pathname of ['/servizi/mensa', '/']) {
          const changed = await get(port, pathname);
          assert(changed.status === 200 && changed.body.includes(NEW_TITLE), `${port}${pathname}: il nuovo titolo non c'è`);
        }
      }
      for (const port of [port1, port2]) {
        for (const pathname of ['/servizi/mensa', '/']) {
          const cached = await get(port, pathname);
          assert(cacheOf(cached) === 'HIT' && cached.body.includes(NEW_TITLE), `${port}${pathname}: x-nextjs-cache ${cacheOf(cached)}`);
        }
      }
    } finally {
      for (const instance of instances.reverse()) await instance.stop();
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.end();
      await cleanRedis();
    }
  });
}
