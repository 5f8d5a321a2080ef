import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import SharedPageCacheHandler from '@/lib/cache/next-cache-handler';
import { PageStore, type CacheValue } from '@/lib/cache/page-store';
import type { RedisConnection } from '@/lib/cache/redis';
import { SharedTags } from '@/lib/cache/shared-tags';
import { metrics } from '@/lib/metrics/registry';

/*
 * The store behind the Next cache handler, on a real Redis (REDIS_TEST_URL, default the local server's
 * database 1): two PageStores stand for two instances. Redis unreachable is a failure here, never a skip.
 */
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379/1';
const prefix = `portale-test:${randomUUID()}:`;
const clients: RedisConnection[] = [];

async function connect(): Promise<RedisConnection> {
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false } });
  await client.connect();
  clients.push(client);
  return client;
}

async function instance(namespace = 'build-1:settings'): Promise<PageStore> {
  return new PageStore(await connect(), { keyPrefix: prefix, namespace });
}

afterAll(async () => {
  const [client] = clients;
  if (client) {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
    if (keys.length > 0) await client.del(keys);
  }
  await Promise.all(clients.map((c) => c.close()));
});

function page(tags: string[], html = '<main>Mensa scolastica</main>', status = 200): CacheValue & Record<string, unknown> {
  return {
    kind: 'APP_PAGE',
    html,
    rscData: Buffer.from('0:["rsc"]'),
    segmentData: new Map([['/_tree', Buffer.from('tree')]]),
    headers: { 'x-next-cache-tags': tags.join(',') },
    status,
  };
}

const PAGE = { kind: 'APP_PAGE' };

describe('the shared page store', () => {
  it('serves on one instance what the other rendered, Buffers and Maps intact', async () => {
    const [a, b] = [await instance(), await instance()];
    expect(await a.get('/ente/valmora', PAGE)).toEqual({ result: 'miss' });
    await a.set('/ente/valmora', page(['pages', 'ente:1', 'catalogue:1']), {});
    const lookup = await b.get('/ente/valmora', PAGE);
    if (lookup.result !== 'hit') throw new Error(`atteso hit, ottenuto ${lookup.result}`);
    const value = lookup.value as ReturnType<typeof page>;
    expect(value.html).toBe('<main>Mensa scolastica</main>');
    expect(Buffer.isBuffer(value.rscData)).toBe(true);
    expect((value.segmentData as Map<string, Buffer>).get('/_tree')?.toString()).toBe('tree');
  });

  it('makes a page stale on every instance once one of its tags is revalidated, even one holding it in memory', async () => {
    const [a, b] = [await instance(), await instance()];
    await a.set('/ente/castel-oglio', page(['ente:2', 'catalogue:2']), {});
    await a.set('/ente/ronchi', page(['ente:3']), {});
    for (const store of [a, b]) {
      expect((await store.get('/ente/castel-oglio', PAGE)).result).toBe('hit');
      expect((await store.get('/ente/ronchi', PAGE)).result).toBe('hit');
    }
    // From a third process, as a script does it.
    await new SharedTags(await connect(), prefix).markRevalidated(['catalogue:2']);
    for (const store of [a, b]) {
      expect((await store.get('/ente/castel-oglio', PAGE)).result).toBe('stale');
      expect((await store.get('/ente/ronchi', PAGE)).result).toBe('hit');
    }
    // Rendered again by b: fresh for a too.
    await b.set('/ente/castel-oglio', page(['ente:2', 'catalogue:2'], '<main>Nuovo titolo</main>'), {});
    const again = await a.get('/ente/castel-oglio', PAGE);
    expect(again.result === 'hit' && (again.value as ReturnType<typeof page>).html).toBe('<main>Nuovo titolo</main>');
  });

  it('keeps stale a render that began before the revalidation, however late it is stored', async () => {
    const [a, b] = [await instance(), await instance()];
    expect((await a.get('/ente/unione', PAGE)).result).toBe('miss');
    // The render reads the database here; meanwhile a clerk changes it and the tag is revalidated.
    await b.revalidate(['ente:4']);
    await a.set('/ente/unione', page(['ente:4']), {});
    expect((await b.get('/ente/unione', PAGE)).result).toBe('stale');
  });

  it('checks a cached read against its own tags and the implicit tags of the page reading it', async () => {
    const [a, b] = [await instance(), await instance()];
    const read = { kind: 'FETCH', data: { body: '{"value":1}', headers: {}, status: 200, url: '' }, revalidate: 31_536_000 };
    const context = { kind: 'FETCH', tags: ['pages', 'provider'], softTags: ['_N_T_/layout', '_N_T_/vetrina/provincia'] };
    expect((await a.get('provider-read', context)).result).toBe('miss');
    await a.set('provider-read', read, { tags: ['pages', 'provider'] });
    expect((await b.get('provider-read', context)).result).toBe('hit');
    await a.revalidate(['_N_T_/layout']);
    expect((await b.get('provider-read', context)).result).toBe('stale');
  });

  it('stores no 404 (any unknown address would add one), and forgets an entry set to nothing', async () => {
    const a = await instance();
    await a.set('/ente/inesistente', page(['ente:9'], '<h1>Non trovato</h1>', 404), {});
    expect((await a.get('/ente/inesistente', PAGE)).result).toBe('miss');
    await a.set('/ente/temporanea', page(['ente:9']), {});
    await a.set('/ente/temporanea', null, {});
    expect((await (await instance()).get('/ente/temporanea', PAGE)).result).toBe('miss');
  });

  it('never serves an entry of another build, or rendered under other settings', async () => {
    const built = await instance('build-1:sandbox-on');
    await built.set('/ente/valmora', page(['ente:1']), {});
    expect((await (await instance('build-2:sandbox-on')).get('/ente/valmora', PAGE)).result).toBe('miss');
    expect((await (await instance('build-1:sandbox-off')).get('/ente/valmora', PAGE)).result).toBe('miss');
  });
});

describe('the Next cache handler with Redis unreachable', () => {
  it('answers a miss, stores and revalidates nothing, throws nothing, and counts the misses', async () => {
    const holder = globalThis as { __portaleRedis?: unknown; __portalePageStore?: unknown };
    const saved = { url: process.env.REDIS_URL, redis: holder.__portaleRedis, store: holder.__portalePageStore };
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    holder.__portaleRedis = undefined;
    holder.__portalePageStore = undefined;
    try {
      const misses = async () => (await metrics().cacheLookups.get()).values.find((v) => v.labels.result === 'miss')?.value ?? 0;
      const before = await misses();
      const handler = new SharedPageCacheHandler({});
      expect(await handler.get('/ente/valmora', PAGE)).toBeNull();
      await expect(handler.set('/ente/valmora', page(['ente:1']), {})).resolves.toBeUndefined();
      await expect(handler.revalidateTag(['ente:1'])).resolves.toBeUndefined();
      expect(await handler.get('/ente/valmora', PAGE)).toBeNull();
      expect(await misses()).toBe(before + 2);
    } finally {
      (holder.__portaleRedis as RedisConnection | undefined)?.destroy();
      process.env.REDIS_URL = saved.url;
      holder.__portaleRedis = saved.redis;
      holder.__portalePageStore = saved.store;
    }
  });
});
