import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { jobs } from '@/db/schema';
import { enqueue } from '@/lib/jobs/queue';
import { instrumentHttpServer } from '@/lib/metrics/http-instrumentation';
import { handleMetricsRequest } from '@/lib/metrics/endpoint';
import { compileRouteTable } from '@/lib/metrics/route-label';
import { withCallStats } from '@/lib/partners/call-stats';
import { storeInboxEntry } from '@/lib/payments/inbox';
import { PartnerUnavailableError } from '@/lib/partners/types';
import { withEnv } from '../support/env';
import { fakePartner } from '../support/fake-partner';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase();
const TOKEN = 'metriche-di-prova-0123456789abcdef0123';

function scrape(
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
  database: () => Promise<Database> = async () => db(),
) {
  return handleMetricsRequest(new Request('http://10.0.0.5:3000/api/metrics', { headers }), database);
}

/** The value of one sample of the exposition text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /api/metrics', () => {
  it('does not exist until METRICS_TOKEN is set', async () => {
    const response = await withEnv({ METRICS_TOKEN: undefined }, () => scrape());
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a missing, wrong or differently presented token', async () => {
    await withEnv({ METRICS_TOKEN: TOKEN }, async () => {
      const presented: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
        { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
        { authorization: TOKEN },
        { authorization: `Bearer  ${TOKEN}` },
        { authorization: `Bearer ${'a'.repeat(10_000)}` },
      ];
      for (const headers of presented) {
        const response = await scrape(headers);
        expect([headers, response.status]).toEqual([headers, 401]);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(await response.text()).not.toContain('portale_');
      }
    });
  });

  it('serves the Prometheus text with the process metrics, never cached', async () => {
    const response = await withEnv({ METRICS_TOKEN: TOKEN }, () => scrape({ authorization: `bearer ${TOKEN}` }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'portale_http_requests_total',
      'portale_http_request_duration_seconds',
      'portale_partner_pushes_total',
      'portale_receipts_created_total',
      'portale_partner_call_duration_seconds',
      'portale_page_cache_lookups_total',
    ])
      expect([name, text.includes(`# TYPE ${name} `)]).toEqual([name, true]);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(sample(text, 'portale_database_up')).toBe(1);
  });

  it('reports the job queues and the partner inbox as the database has them at scrape time', async () => {
    await enqueue(db(), 'metrics-test-a', {}, { runAt: new Date(Date.now() - 120_000) });
    await enqueue(db(), 'metrics-test-a', {});
    await enqueue(db(), 'metrics-test-a', {}, { runAt: new Date(Date.now() + 3_600_000) });
    const dead = await enqueue(db(), 'metrics-test-b', {});
    await db().execute(sql`update ${jobs} set dead_at = now(), attempts = max_attempts where id = ${dead.id}`);
    const pending = await storeInboxEntry(db(), {
      partner: 'sandbox',
      body: Buffer.from('{}'),
      signature: null,
      sourceAddress: null,
      verified: true,
      unverifiedPrefixBytes: 0,
    });
    await db().execute(sql`update partner_inbox set received_at = now() - interval '90 seconds' where id = ${pending}`);
    // Rejected and unverified entries are settled: they are not pending.
    await storeInboxEntry(db(), {
      partner: 'sandbox',
      body: Buffer.from('x'),
      signature: null,
      sourceAddress: null,
      verified: false,
      unverifiedPrefixBytes: 0,
      outcome: 'rejected',
    });

    const text = await withEnv({ METRICS_TOKEN: TOKEN }, async () => (await scrape()).text());
    expect(sample(text, 'portale_jobs_due{queue="metrics-test-a"}')).toBe(2);
    expect(sample(text, 'portale_jobs_lag_seconds{queue="metrics-test-a"}')).toBeGreaterThanOrEqual(119);
    expect(sample(text, 'portale_jobs_dead{queue="metrics-test-b"}')).toBe(1);
    expect(sample(text, 'portale_jobs_due{queue="metrics-test-b"}')).toBeUndefined();
    expect(sample(text, 'portale_partner_inbox_pending')).toBe(1);
    expect(sample(text, 'portale_partner_inbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(89);

    // Drained: the queue's series goes away instead of keeping its last value.
    await db().execute(sql`update ${jobs} set done_at = now() where queue = 'metrics-test-a'`);
    await db().execute(sql`update partner_inbox set outcome = 'receipt_created', processed_at = now() where id = ${pending}`);
    const after = await withEnv({ METRICS_TOKEN: TOKEN }, async () => (await scrape()).text());
    expect(sample(after, 'portale_jobs_due{queue="metrics-test-a"}')).toBeUndefined();
    expect(sample(after, 'portale_partner_inbox_pending')).toBe(0);
    expect(sample(after, 'portale_partner_inbox_oldest_pending_seconds')).toBe(0);
  });

  it('still answers when the database does not, saying so', async () => {
    const response = await withEnv({ METRICS_TOKEN: TOKEN }, () =>
      scrape(undefined, async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      }),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(sample(text, 'portale_database_up')).toBe(0);
    expect(text).not.toMatch(/^portale_jobs_dead\{/m);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('times every call to a partner adapter, by operation and result', async () => {
    const { partner } = fakePartner([], () => ({
      async fetchNoticeStatus() {
        throw new PartnerUnavailableError('partner giù');
      },
    }));
    const counted = withCallStats(db(), partner);
    const context = { creditorFiscalCode: '00000000000', companyName: 'Comune di Prova' };
    await counted.startCheckout(context, { cartId: 'c1', notices: [], returnUrls: { ok: '', cancel: '', error: '' } });
    await counted.startCheckout(context, { cartId: 'c2', notices: [], returnUrls: { ok: '', cancel: '', error: '' } });
    await expect(counted.fetchNoticeStatus(context, '301000000000000001')).rejects.toThrow('partner giù');
    const text = await withEnv({ METRICS_TOKEN: TOKEN }, async () => (await scrape()).text());
    expect(sample(text, 'portale_partner_call_duration_seconds_count{partner="dedagroup",operation="startCheckout",result="ok"}')).toBe(2);
    expect(
      sample(text, 'portale_partner_call_duration_seconds_count{partner="dedagroup",operation="fetchNoticeStatus",result="error"}'),
    ).toBe(1);
  });
});

describe('HTTP instrumentation', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    instrumentHttpServer({
      baseDomain: 'pagamenti.example.it',
      sandboxEnabled: true,
      routes: compileRouteTable(['/ente/[slug]/[lingua]/servizi/[code]', '/api/health']),
    });
    server = createServer((req, res) => {
      res.statusCode = /^(\/en)?\/servizi\//.test(req.url ?? '') ? 200 : 404;
      setTimeout(() => res.end('ok'), req.url?.includes('lento') ? 120 : 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function get(host: string, path: string, method = 'GET'): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { host } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('counts every request by route pattern, method and status, and times it', async () => {
    await get('comune-demo.pagamenti.example.it', '/servizi/mensa');
    // The same page in English is the same route.
    await get('valmora.pagamenti.example.it', '/en/servizi/tari?x=1');
    await get('valmora.pagamenti.example.it', '/servizi/lento');
    await get('valmora.pagamenti.example.it', '/servizi/mensa', 'POST');
    await get('valmora.pagamenti.example.it', '/non-esiste');
    await get('10.0.0.5', '/api/health');
    await get('10.0.0.5', '/_next/static/chunks/a.js', 'PROPFIND');
    const text = await withEnv({ METRICS_TOKEN: TOKEN }, async () => (await scrape()).text());
    const count = (labels: string) => sample(text, `portale_http_requests_total{${labels}}`);
    expect(count('route="ente:/servizi/[code]",method="GET",status="200"')).toBe(3);
    expect(count('route="ente:/servizi/[code]",method="POST",status="200"')).toBe(1);
    expect(count('route="other",method="GET",status="404"')).toBe(1);
    expect(count('route="api:/api/health",method="GET",status="404"')).toBe(1);
    expect(count('route="static",method="other",status="404"')).toBe(1);
    const duration = (suffix: string) =>
      sample(text, `portale_http_request_duration_seconds_${suffix}{route="ente:/servizi/[code]",method="GET"}`);
    expect(duration('count')).toBe(3);
    expect(duration('sum')).toBeGreaterThanOrEqual(0.1);
    expect(text).not.toContain('mensa');
    expect(text).not.toContain('valmora');
  });
});
