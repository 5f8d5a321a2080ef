import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { gte } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { partnerInbox } from '@/db/schema';
import { payMensaAsCitizen, type CitizenPayment } from '../e2e/citizen-payment';
import { assert, launchBrowser, requestWithHost, Suite } from '../e2e/harness';
import { startCluster } from './cluster';
import { auditStorm, FORGED_FORWARDED_FOR, prepareDeliveries, runStorm, senderThrough, stormReport } from './storm';

/**
 * `npm run test:cluster` (after `npm run build`): the production topology on loopback (tests/cluster/cluster.ts:
 * nginx from deploy/nginx, two `next start` instances, one fresh PostgreSQL database), then what nginx must do,
 * and a partner's callback storm during which one instance is killed with SIGKILL while a citizen pays in
 * Chromium through nginx. Every acknowledged callback must become exactly one receipt, the chains must verify.
 * Ports from E2E_PORT (default 3400: nginx https 3443, http 3444, instances 3401 and 3402); PostgreSQL server
 * PG_ADMIN_URL (a superuser: the run creates its database and roles there); CLUSTER_CALLBACKS callbacks (300).
 */
const BASE_PORT = Number(process.env.E2E_PORT ?? 3400);
const CALLBACKS = Number(process.env.CLUSTER_CALLBACKS ?? 300);
const SERVER_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function main(): Promise<number> {
  const cluster = await startCluster({ basePort: BASE_PORT, instances: 2, serverUrl: SERVER_URL, label: 'cluster' });
  let browser: Browser | undefined;
  const suite = new Suite();
  let failed = false;
  const check = (name: string, run: () => Promise<void>) =>
    suite.test(name, () =>
      run().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    );
  suite.afterAll(async () => {
    // After a failure, what nginx saw (after the kill it always logs the refused connections).
    if (failed)
      console.log(
        `  nginx error.log (ultime righe):\n${cluster.nginx
          .errors()
          .map((line) => `    ${line}`)
          .join('\n')}`,
      );
    await browser?.close();
    await cluster.stop();
  });

  check('nginx: http → https, unknown names refused, request id, HSTS from the app, build files cached', async () => {
    const { nginx, site } = cluster;
    const redirect = await requestWithHost(nginx.httpPort, `comune-demo.localhost:${nginx.httpPort}`, '/servizi/mensa?x=1');
    assert(redirect.status === 301, `http: HTTP ${redirect.status}`);
    assert(redirect.headers.location === site.url('comune-demo', '/servizi/mensa?x=1'), `http: verso ${redirect.headers.location}`);
    const stranger = await requestWithHost(nginx.httpPort, 'example.org', '/').then(
      (r) => `HTTP ${r.status}`,
      () => 'chiusa',
    );
    assert(stranger === 'chiusa', `un nome non nostro riceve ${stranger}`);

    const health = await cluster.request('/api/health');
    assert(health.status === 200, `salute: HTTP ${health.status}`);
    assert(/^[0-9a-f]{32}$/.test(String(health.headers['x-request-id'])), `id della richiesta: ${health.headers['x-request-id']}`);
    assert(String(health.headers['strict-transport-security']).includes('max-age='), 'HSTS assente');
    const own = await cluster.request('/api/health', { headers: { 'x-request-id': 'partner-1234-abcd' } });
    assert(own.headers['x-request-id'] === 'partner-1234-abcd', "l'id della richiesta del client non è mantenuto");

    const home = await cluster.request('/');
    const asset = /\/_next\/static\/[^"]+\.js/.exec(home.body)?.[0];
    assert(home.status === 200 && asset, `home provinciale: HTTP ${home.status}, nessun file della build`);
    const first = await cluster.request(asset);
    const second = await cluster.request(asset);
    assert(first.status === 200 && second.headers['x-cache-status'] === 'HIT', `cache di ${asset}: ${second.headers['x-cache-status']}`);
  });

  check('nginx keeps a cached citizen page for a second, never a page that is not cached in the app', async () => {
    const ente = { host: `comune-demo.${cluster.site.base}` };
    const first = await cluster.request('/servizi/mensa', { headers: ente });
    const second = await cluster.request('/servizi/mensa', { headers: ente });
    assert(first.status === 200 && second.status === 200, `pagina del servizio: HTTP ${first.status}, ${second.status}`);
    assert(second.headers['x-cache-status'] === 'HIT', `seconda richiesta della pagina del servizio: ${second.headers['x-cache-status']}`);
    assert(second.body === first.body, 'la copia di nginx differisce dalla pagina');
    assert(second.headers['x-accel-expires'] === undefined, 'X-Accel-Expires arriva al browser');
    assert(second.headers['x-request-id'] !== first.headers['x-request-id'], "l'id della richiesta è quello della copia");
    // The app allows a second (PROXY_PAGE_CACHE_SECONDS): after it, nginx asks again (in the background). nginx
    // counts in whole seconds (fresh while its clock's second ≤ the one stored + 1): a copy lives up to 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const later = await cluster.request('/servizi/mensa', { headers: ente });
    assert(later.headers['x-cache-status'] !== 'HIT', `dopo 2,2 secondi la copia è ancora fresca: ${later.headers['x-cache-status']}`);
    // A page rendered per request (it carries a nonce, it may show a session) is never kept, cookie or not.
    for (const headers of [ente, { ...ente, cookie: 'portale.sessione=qualcosa' }]) {
      for (let i = 0; i < 2; i++) {
        const dynamic = await cluster.request('/paga-avviso', { headers });
        assert(dynamic.status === 200, `paga un avviso: HTTP ${dynamic.status}`);
        assert(dynamic.headers['x-cache-status'] === 'MISS', `paga un avviso servita da nginx: ${dynamic.headers['x-cache-status']}`);
      }
    }
  });

  check('a callback storm through nginx, kill -9 of an instance mid-storm, a citizen pays: nothing lost', async () => {
    const deliveries = await prepareDeliveries(cluster.db, CALLBACKS);
    const stormStart = new Date();
    let payment: Promise<CitizenPayment> | undefined;
    const payAfterKill = async () => {
      await cluster.instances[0]!.kill();
      browser = await launchBrowser();
      const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, locale: 'it-IT' });
      const screenshots = path.join(cluster.dir, 'browser');
      mkdirSync(screenshots);
      payment = payMensaAsCitizen(await context.newPage(), cluster.site, screenshots);
      // Settled (and reported) below, after the storm: a failure must not go unhandled meanwhile.
      payment.catch(() => undefined);
    };
    const storm = await runStorm(senderThrough(cluster), deliveries, {
      inFlight: 16,
      deadlineMs: 90_000,
      killAfter: Math.floor(CALLBACKS / 3),
      onKill: payAfterKill,
      resendEvery: 10,
    });
    assert(!storm.killError, `kill -9 o avvio del browser falliti: ${String(storm.killError)}`);
    const paid = await payment!;
    const audit = await auditStorm(cluster.db, deliveries, storm.acknowledged, 30_000);
    for (const [label, value] of stormReport(storm, audit, cluster.retriedByNginx())) console.log(`    ${label.padEnd(48)} ${value}`);
    console.log(`    ${'browser payment'.padEnd(48)} ${paid.nav}`);

    const answered = cluster.instancesThatAnswered();
    assert(answered.size === 2, `istanze che hanno risposto tramite nginx: ${[...answered].join(', ')}`);
    assert(storm.refused.length === 0, `callback rifiutate: ${storm.refused.slice(0, 5).join('; ')}`);
    assert(audit.acknowledged === CALLBACKS, `confermate ${audit.acknowledged} di ${CALLBACKS}`);
    assert(audit.lost === 0, `${audit.lost} ricevute perse`);
    assert(audit.duplicated === 0, `${audit.duplicated} ricevute doppie`);
    assert(audit.chainProblems.length === 0, `catene: ${audit.chainProblems.slice(0, 5).join('; ')}`);
    // The app read the client from nginx's entry of X-Forwarded-For, not from what the client wrote there.
    const sources = await cluster.db
      .selectDistinct({ address: partnerInbox.sourceAddress })
      .from(partnerInbox)
      .where(gte(partnerInbox.receivedAt, stormStart));
    assert(!sources.some((s) => s.address === FORGED_FORWARDED_FOR), 'il portale crede a un X-Forwarded-For falsificato');
    assert(sources.length === 1 && sources[0]!.address === '127.0.0.1', `indirizzi registrati: ${JSON.stringify(sources)}`);
  });

  return suite.run();
}

main().then(
  (failures) => process.exit(failures === 0 ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
