import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { assert, requestWithHost, startPortal, type E2EContext, type RunningPortal, type Suite } from '../harness';

/*
 * What operations see of a running instance: the Prometheus endpoint behind its token, request ids, the
 * readiness probe and the graceful shutdown on SIGTERM. An instance of its own (the shutdown ends it), with
 * a metrics token and a drain long enough to watch.
 */

const TOKEN = randomBytes(24).toString('hex');
const DRAIN_MS = 3_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A POST whose body is sent in two parts, the second when `finish` is called: a request in flight until then. */
function slowPost(port: number, host: string, pathname: string): { finish(): void; status: Promise<number> } {
  let finish = () => {};
  const status = new Promise<number>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: pathname, method: 'POST', agent: false, headers: { host, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (error) => reject(new Error(`richiesta in corso: ${error.message}`)));
    req.write('{"creditorFiscalCode":');
    finish = () => req.end('"00000000000"}');
  });
  return { finish, status };
}

/**
 * A GET on a connection of its own: around a shutdown, a pooled keep-alive connection may be one the server is
 * closing, and reusing it would fail for a reason that is not under test.
 */
function getAlone(port: number, host: string, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, agent: false, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (error) => reject(new Error(`GET ${pathname}: ${error.message}`)));
    req.end();
  });
}

/** Whether a new connection to the port is still accepted. */
async function accepts(port: number): Promise<boolean> {
  try {
    await getAlone(port, `localhost:${port}`, '/api/health');
    return true;
  } catch {
    return false;
  }
}

export function register(suite: Suite, { portal }: E2EContext) {
  let ops: RunningPortal | undefined;
  const opsPortal = async () =>
    (ops ??= await startPortal(portal.port + 60, { METRICS_TOKEN: TOKEN, SHUTDOWN_DRAIN_MS: String(DRAIN_MS), WORKER_POLL_MS: '200' }));
  suite.afterAll(async () => {
    await ops?.stop();
  });

  suite.test('metrics: the endpoint answers only with its token and counts requests by route pattern', async () => {
    const instance = await opsPortal();
    const host = `comune-demo.${instance.base}`;
    for (const pathname of ['/', '/servizi/mensa', '/servizi/mensa', '/pagina-che-non-esiste'])
      await requestWithHost(instance.port, host, pathname);
    // Prometheus asks each instance by its own address.
    const address = `127.0.0.1:${instance.port}`;
    assert((await requestWithHost(instance.port, address, '/api/metrics')).status === 401, 'metriche senza token');
    const wrong = await requestWithHost(instance.port, address, '/api/metrics', {
      headers: { authorization: `Bearer ${TOKEN.slice(1)}x` },
    });
    assert(wrong.status === 401, `metriche con un token errato: HTTP ${wrong.status}`);
    const scrape = await requestWithHost(instance.port, address, '/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    assert(scrape.status === 200, `metriche: HTTP ${scrape.status}`);
    assert(scrape.headers['cache-control'] === 'no-store', `metriche in cache: ${scrape.headers['cache-control']}`);
    for (const series of [
      'portale_http_requests_total{route="ente:/",method="GET",status="200"}',
      'portale_http_requests_total{route="ente:/servizi/[code]",method="GET",status="200"} 2',
      'portale_http_requests_total{route="other",method="GET",status="404"}',
      'portale_http_request_duration_seconds_count{route="ente:/servizi/[code]",method="GET"} 2',
      'portale_database_up 1',
      'process_resident_memory_bytes ',
    ])
      assert(scrape.body.includes(series), `serie mancante: ${series}`);
    assert(!scrape.body.includes('comune-demo') && !scrape.body.includes('mensa'), 'percorsi grezzi nelle etichette');
    // The shared instance has no token: there the endpoint does not exist.
    const off = await requestWithHost(portal.port, `127.0.0.1:${portal.port}`, '/api/metrics', {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert(off.status === 404, `metriche senza METRICS_TOKEN: HTTP ${off.status}`);
  });

  suite.test('request id: every response carries one, the proxy’s when well formed', async () => {
    const host = `comune-demo.${portal.base}`;
    const fresh = await requestWithHost(portal.port, host, '/servizi/mensa');
    assert(UUID.test(String(fresh.headers['x-request-id'])), `id nuovo: ${fresh.headers['x-request-id']}`);
    const proxied = await requestWithHost(portal.port, host, '/', { headers: { 'x-request-id': '0123456789abcdef0123456789abcdef' } });
    assert(proxied.headers['x-request-id'] === '0123456789abcdef0123456789abcdef', `id del proxy: ${proxied.headers['x-request-id']}`);
    const forged = await requestWithHost(portal.port, host, '/', { headers: { 'x-request-id': 'a b"c' } });
    assert(UUID.test(String(forged.headers['x-request-id'])), `id malformato: ${forged.headers['x-request-id']}`);
  });

  suite.test('readiness and shutdown: SIGTERM turns ready 503 at once, lets requests in flight finish, then exits', async () => {
    const instance = await opsPortal();
    const address = `127.0.0.1:${instance.port}`;
    const ready = await getAlone(instance.port, address, '/api/ready');
    assert(ready.status === 200 && JSON.parse(ready.body).checks.database === 'ok', `pronto: HTTP ${ready.status} ${ready.body}`);

    const inFlight = slowPost(instance.port, address, '/api/partners/sandbox/callbacks');
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    instance.signal('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const draining = await getAlone(instance.port, address, '/api/ready');
    assert(draining.status === 503 && draining.body.includes('in arresto'), `in arresto: HTTP ${draining.status} ${draining.body}`);
    assert((await getAlone(instance.port, address, '/api/health')).status === 200, 'vivo durante lo svuotamento');
    const page = await getAlone(instance.port, `comune-demo.${instance.base}`, '/');
    assert(page.status === 200, `pagine servite durante lo svuotamento: HTTP ${page.status}`);

    // After the drain (and the worker's stop) no new connection is accepted, while the request in flight,
    // finished only now, still gets its answer; then the process exits.
    while ((await accepts(instance.port)) && Date.now() - signalled < 20_000) await new Promise((r) => setTimeout(r, 100));
    const closedAfter = Date.now() - signalled;
    assert(closedAfter >= DRAIN_MS && closedAfter < 20_000, `connessioni chiuse dopo ${closedAfter} ms (svuotamento: ${DRAIN_MS} ms)`);
    inFlight.finish();
    const status = await inFlight.status;
    assert(status === 401, `richiesta in corso: HTTP ${status}`);
    const code = await Promise.race([instance.exited, new Promise<string>((r) => setTimeout(() => r('ancora vivo'), 15_000))]);
    assert(code === 0, `uscita: ${code}`);
    ops = undefined;
  });
}
