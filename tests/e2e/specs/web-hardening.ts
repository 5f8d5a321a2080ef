import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { assert, startPortal, startRefusedPortal, type E2EContext, type EnvOverrides, type Suite } from '../harness';
import { assertNoHorizontalScroll } from '../page-checks';

interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request as curl sends it: explicit Host, no JavaScript, nothing followed. */
function send(port: number, host: string, pathname: string, init: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: pathname, method: init.method ?? 'GET', headers: { host, ...init.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

function directive(policy: string, name: string): string[] {
  const found = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found ? found.slice(1) : [];
}

/**
 * The nonce of the response's policy, after checking that every script tag in its HTML carries it, or is an
 * inline script the policy names by its hash (zod's one line in the root layout, shared with the cached pages).
 */
function checkNonce(response: RawResponse, label: string): string {
  const policy = String(response.headers['content-security-policy'] ?? '');
  const script = directive(policy, 'script-src');
  const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(script.find((s) => s.startsWith("'nonce-")) ?? '')?.[1];
  assert(nonce, `${label}: nessun nonce nella policy «${policy}»`);
  assert(
    !script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'"),
    `${label}: script-src troppo larga: ${script.join(' ')}`,
  );
  const scripts = [...response.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert(scripts.length > 0, `${label}: nessuno script nella pagina`);
  const without = scripts.filter(([, attributes, content]) => {
    if (attributes!.includes(`nonce="${nonce}"`)) return false;
    return !script.includes(`'sha256-${createHash('sha256').update(content!).digest('base64')}'`);
  });
  assert(
    without.length === 0,
    `${label}: script senza nonce: ${without
      .slice(0, 3)
      .map(([tag]) => tag.slice(0, 120))
      .join(' ')}`,
  );
  assert(directive(policy, 'frame-ancestors').join(' ') === "'none'", `${label}: frame-ancestors mancante`);
  return nonce;
}

/**
 * The policy of a cached citizen page: the same for everyone, so no nonce; inline scripts from the portal
 * itself (Next's page data), never eval, and every other directive as strict as on the other pages.
 */
function checkCachedPolicy(response: RawResponse, label: string): void {
  const policy = String(response.headers['content-security-policy'] ?? '');
  assert(!policy.includes('nonce'), `${label}: nonce nella pagina in cache: ${policy}`);
  assert(directive(policy, 'script-src').join(' ') === "'self' 'unsafe-inline'", `${label}: script-src ${directive(policy, 'script-src')}`);
  for (const [name, value] of [
    ['frame-ancestors', "'none'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['style-src', "'self'"],
  ] as const)
    assert(directive(policy, name).join(' ') === value, `${label}: ${name} ${directive(policy, name).join(' ')}`);
}

/** Reports every Content-Security-Policy violation and page error of the context's pages into `into`. */
async function watchViolations(context: BrowserContext, into: string[]): Promise<void> {
  await context.exposeBinding('__reportViolation', ({ page }, text: string) => into.push(`${page.url()}: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  context.on('page', (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) into.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (error) => into.push(`${page.url()}: ${error.message}`));
  });
}

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  const port = portal.port;
  const host = (slug: string | null) => (slug ? `${slug}.${portal.base}` : portal.base);

  suite.test('an unknown or inactive Ente, an unknown service or page: 404 with the Italian page in the HTML itself', async () => {
    const cases: [string | null, string, string][] = [
      ['comune-inesistente', '/', 'Ente non trovato'],
      ['comune-inesistente', '/servizi/mensa', 'Ente non trovato'],
      ['pratolungo', '/', 'Portale non ancora attivo'],
      ['pratolungo', '/servizi/tari', 'Portale non ancora attivo'],
      ['comune-demo', '/servizi/servizio-inesistente', 'Servizio non trovato'],
      ['comune-demo', '/servizi/MENSA', 'Servizio non trovato'],
      ['comune-demo', '/servizi/%E0%A4%A', 'Servizio non trovato'],
      // The TARI exists, but on comune-demo's site: the Unione has none.
      ['unione-terre-basse', '/servizi/tari', 'Servizio non trovato'],
      ['comune-demo', '/pagina-inesistente', 'Pagina non trovata'],
      ['comune-demo', '/ente/comune-demo', 'Pagina non trovata'],
      [null, '/pagina-inesistente', 'Pagina non trovata'],
      [null, '/sandbox/checkout/non-un-uuid', 'Pagina non trovata'],
    ];
    for (const [slug, pathname, heading] of cases) {
      const { status, body } = await send(port, host(slug), pathname);
      const label = `${host(slug)}${pathname}`;
      assert(status === 404, `${label}: HTTP ${status}`);
      assert(!body.includes('__next_error__'), `${label}: pagina d'errore vuota (il contenuto arriva solo con JavaScript)`);
      assert(new RegExp(`<main[^>]*>[\\s\\S]*<h1[^>]*>${heading}</h1>`).test(body), `${label}: manca «${heading}» nell'HTML`);
    }
    const service = await send(port, host('unione-terre-basse'), '/servizi/tari');
    assert(service.body.includes('Unione dei Comuni delle Terre Basse'), "il 404 del servizio non mostra l'Ente");

    // Without JavaScript at all, the browser shows the same pages.
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const page = await noScript.newPage();
    for (const [slug, pathname, heading, file] of [
      ['comune-inesistente', '/', 'Ente non trovato', '404-ente.png'],
      ['comune-demo', '/servizi/servizio-inesistente', 'Servizio non trovato', '404-servizio.png'],
      [null, '/pagina-inesistente', 'Pagina non trovata', '404-pagina.png'],
    ] as const) {
      const response = await page.goto(portal.url(slug, pathname));
      assert(response?.status() === 404, `${pathname}: HTTP ${response?.status()}`);
      assert(
        await page.getByRole('heading', { level: 1, name: heading }).isVisible(),
        `${pathname}: «${heading}» non visibile senza JavaScript`,
      );
      await page.screenshot({ path: path.join(screenshots, file), fullPage: true });
    }
    await noScript.close();
  });

  suite.test(
    'every page has a fresh Content-Security-Policy nonce on all its scripts, the cached ones none; none can be framed',
    async () => {
      for (const [slug, pathname] of [
        ['comune-demo', '/'],
        ['comune-demo', '/servizi/mensa'],
        [null, '/'],
      ] as const) {
        const response = await send(port, host(slug), pathname);
        checkCachedPolicy(response, `${host(slug)}${pathname}`);
        assert(response.headers['x-frame-options'] === 'DENY', 'X-Frame-Options mancante');
      }
      const seen = new Set<string>();
      for (const [slug, pathname] of [
        ['comune-demo', '/paga-avviso'],
        ['comune-demo', '/paga-avviso'],
        ['comune-demo', '/cerca?q=mensa'],
        ['comune-demo', '/carrello'],
        [null, '/domande'],
        ['comune-inesistente', '/'],
        ['comune-demo', '/servizi/servizio-inesistente'],
      ] as const) {
        const response = await send(port, host(slug), pathname);
        const nonce = checkNonce(response, `${host(slug)}${pathname}`);
        assert(!seen.has(nonce), `nonce ripetuto: ${nonce}`);
        seen.add(nonce);
        assert(response.headers['x-frame-options'] === 'DENY', 'X-Frame-Options mancante');
        assert(response.headers['strict-transport-security'] === undefined, 'HSTS inviato su http');
        const policy = String(response.headers['content-security-policy']);
        assert(
          directive(policy, 'object-src').join() === "'none'" && directive(policy, 'base-uri').join() === "'none'",
          `policy incompleta: ${policy}`,
        );
      }

      // A foreign page cannot frame the portal.
      const context = await browser.newContext();
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (m) => refused.push(m.text()));
      await page.setContent(`<iframe src="${portal.url('comune-demo')}" width="600" height="400"></iframe>`);
      await page.waitForTimeout(1500);
      const framed = page.frames().find((f) => f !== page.mainFrame());
      const content = framed ? await framed.content().catch(() => '') : '';
      assert(!content.includes('Cosa devi pagare'), 'il portale si lascia incorniciare da un altro sito');
      assert(
        refused.some((m) => m.includes("frame-ancestors 'none'")),
        `nessun rifiuto frame-ancestors: ${refused.join(' | ')}`,
      );
      await context.close();
    },
  );

  suite.test('in Chromium the pages run under the policy: no violation from the catalogue to the receipt PDF', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true });
    const violations: string[] = [];
    await watchViolations(context, violations);
    const page = await context.newPage();
    await page.goto(portal.url(null));
    await page.getByRole('heading', { name: 'Enti aderenti' }).waitFor();
    await page.goto(portal.url('comune-demo'));
    await page.getByLabel('Cerca un servizio').fill('identita');
    await page.getByRole('button', { name: 'Cerca' }).click();
    await page.waitForURL(/q=identita/);
    await page.getByRole('link', { name: /Carta d'identità elettronica/ }).click();
    await page.getByRole('heading', { level: 1, name: "Carta d'identità elettronica" }).waitFor();
    // The form checks itself in the browser: React hydrated under the policy.
    await page.getByRole('button', { name: 'Procedi al pagamento' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Controlla/ })
      .waitFor();
    await page.getByLabel('Nome e cognome del richiedente').fill('Anna Bianchi');
    await page.getByLabel('Codice fiscale del richiedente').fill('RCCMNL83S18D969H');
    await page.getByRole('button', { name: 'Procedi al pagamento' }).click();
    await page.waitForURL(/\/sandbox\/checkout\//);
    await page.getByRole('note', { name: 'Ambiente di prova' }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'sandbox-con-banner.png'), fullPage: true });
    // The sandbox form posts to the base domain and is sent back to the Ente's subdomain: form-action allows both.
    await page.getByRole('button', { name: /^Paga / }).click();
    await page.getByRole('heading', { name: 'Pagamento completato' }).waitFor({ timeout: 30_000 });
    const [receipt] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Scarica la ricevuta/ }).click()]);
    const receiptPath = path.join(screenshots, 'ricevuta-csp.pdf');
    await receipt.saveAs(receiptPath);
    assert(readFileSync(receiptPath).subarray(0, 5).toString() === '%PDF-', 'la ricevuta scaricata non è un PDF');
    await page.goto(portal.url('comune-demo', '/servizi/servizio-inesistente'));
    await page.getByRole('heading', { name: 'Servizio non trovato' }).waitFor();
    assert(violations.length === 0, `violazioni della Content-Security-Policy o errori:\n${violations.join('\n')}`);
    await context.close();
  });

  suite.test('while the sandbox is on, every page shows the «ambiente di prova» banner', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'it-IT', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    for (const [slug, pathname, file] of [
      [null, '/', 'banner-provincia-mobile.png'],
      ['comune-demo', '/', 'banner-ente-mobile.png'],
      ['comune-demo', '/servizi/mensa', null],
      ['comune-inesistente', '/', null],
      ['comune-demo', '/admin/accedi', null],
    ] as const) {
      await page.goto(portal.url(slug, pathname));
      const banner = page.getByRole('note', { name: 'Ambiente di prova' });
      assert(await banner.isVisible(), `${host(slug)}${pathname}: banner assente`);
      assert((await banner.innerText()).toLowerCase().includes('ambiente di prova'), 'testo del banner');
      await assertNoHorizontalScroll(page, `${pathname} a 360px`);
      if (file) await page.screenshot({ path: path.join(screenshots, file), fullPage: true });
    }
    await context.close();
  });

  suite.test('public/: favicon, our mark and robots.txt on every host, the sandbox and back offices closed to crawlers', async () => {
    for (const slug of [null, 'comune-demo', 'comune-inesistente']) {
      const robots = await send(port, host(slug), '/robots.txt');
      assert(
        robots.status === 200 && String(robots.headers['content-type']).startsWith('text/plain'),
        `robots.txt su ${host(slug)}: HTTP ${robots.status}`,
      );
      for (const rule of ['Disallow: /sandbox/', 'Disallow: /admin', 'Disallow: /cit'])
        assert(robots.body.includes(rule), `robots.txt senza «${rule}»`);
      const icon = await send(port, host(slug), '/favicon.ico');
      assert(icon.status === 200 && icon.headers['content-type'] === 'image/x-icon', `favicon.ico su ${host(slug)}: HTTP ${icon.status}`);
      const mark = await send(port, host(slug), '/marchio.svg');
      assert(
        mark.status === 200 && String(mark.headers['content-type']).startsWith('image/svg+xml'),
        `marchio.svg su ${host(slug)}: HTTP ${mark.status}`,
      );
    }
    const home = await send(port, host('comune-demo'), '/');
    assert(home.body.includes('<link rel="icon" href="/marchio.svg"'), "la pagina non indica l'icona");
  });

  suite.test('malformed input on these pages gives a clean 4xx or the page, never a 500', async () => {
    const checkout = `/sandbox/checkout/${randomUUID()}/esito`;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cases: [string | null, string, RawRequest, number][] = [
      ['comune-demo', '/?q=mensa&q=tari', {}, 200],
      ['comune-demo', '/servizi/mensa?codice=a&codice=b', {}, 200],
      ['comune-demo', '/', { headers: { cookie: 'carrello=%%%non-valido' } }, 200],
      ['comune-demo', '/servizi/mensa', { headers: { cookie: `carrello=${'x'.repeat(3000)}` } }, 200],
      ['comune-demo', '/%E0%A4%A', {}, 404],
      [null, '/sandbox/checkout/non-un-uuid/esito', { method: 'POST', body: 'scelta=pay', headers: form }, 404],
      [null, checkout, { method: 'POST', body: 'scelta=ruba', headers: form }, 400],
      [null, checkout, { method: 'POST', body: '--rotto', headers: { 'content-type': 'multipart/form-data; boundary=x' } }, 400],
      [null, checkout, { method: 'POST', body: 'scelta=pay', headers: form }, 404],
    ];
    for (const [slug, pathname, init, expected] of cases) {
      const response = await send(port, host(slug), pathname, init);
      assert(response.status === expected, `${init.method ?? 'GET'} ${host(slug)}${pathname}: HTTP ${response.status}, atteso ${expected}`);
    }
  });

  suite.test('with SANDBOX_ENABLED=false on https: sandbox pages 404, no banner, HSTS for every subdomain', async () => {
    const secure = await startPortal(port + 1, {
      SANDBOX_ENABLED: 'false',
      PORTAL_SCHEME: 'https',
      ALLOW_INSECURE_HTTP: '',
      SANDBOX_CALLBACK_URL: '',
      // A second instance must not take the first one's jobs when both share DATABASE_URL.
      WORKER_ENABLED: 'false',
    });
    try {
      const demo = `comune-demo.${secure.base}`;
      const home = await send(secure.port, demo, '/');
      assert(home.status === 200, `home: HTTP ${home.status}`);
      assert(!/ambiente di prova/i.test(home.body), 'banner «ambiente di prova» con la sandbox spenta');
      assert(
        home.headers['strict-transport-security'] === 'max-age=63072000; includeSubDomains',
        `HSTS: ${home.headers['strict-transport-security']}`,
      );
      const policy = String(home.headers['content-security-policy']);
      assert(directive(policy, 'form-action').includes(`https://*.${secure.base}`), `form-action: ${policy}`);
      assert(policy.includes('upgrade-insecure-requests'), 'upgrade-insecure-requests mancante su https');
      checkCachedPolicy(home, 'home https');
      checkNonce(await send(secure.port, demo, '/paga-avviso'), 'paga-avviso https');

      for (const target of [secure.base, demo]) {
        const page = await send(secure.port, target, `/sandbox/checkout/${randomUUID()}`);
        assert(
          page.status === 404 && /<h1[^>]*>Pagina non trovata<\/h1>/.test(page.body),
          `sandbox spenta su ${target}: HTTP ${page.status}`,
        );
        const post = await send(secure.port, target, `/sandbox/checkout/${randomUUID()}/esito`, {
          method: 'POST',
          body: 'scelta=pay',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert(post.status === 404, `esito sandbox con la sandbox spenta: HTTP ${post.status}`);
      }
      // The same request on the first portal reaches the sandbox, which answers for itself.
      const on = await send(port, portal.base, `/sandbox/checkout/${randomUUID()}/esito`, {
        method: 'POST',
        body: 'scelta=pay',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert(
        on.status === 404 && String(on.headers['content-type']).startsWith('application/problem+json'),
        `sandbox accesa: ${on.status}`,
      );
    } finally {
      await secure.stop();
    }
  });

  suite.test('in production the server refuses to start, naming the variable, with an unsafe setting', async () => {
    const cases: [string, EnvOverrides][] = [
      ['AUTH_SECRET', { AUTH_SECRET: '' }],
      ['AUTH_SECRET', { AUTH_SECRET: 'a'.repeat(31) }],
      ['PARTNER_SECRETS_KEY', { PARTNER_SECRETS_KEY: '' }],
      ['PORTAL_SCHEME', { PORTAL_SCHEME: 'http', ALLOW_INSECURE_HTTP: '' }],
      ['PORTAL_SCHEME', { PORTAL_SCHEME: '', ALLOW_INSECURE_HTTP: 'false' }],
      ['PORTAL_SCHEME', { PORTAL_SCHEME: 'ftp' }],
    ];
    for (const [variable, overrides] of cases) {
      const { exitCode, output } = await startRefusedPortal(port + 2, { ...overrides, WORKER_ENABLED: 'false' });
      const label = JSON.stringify(overrides);
      assert(exitCode !== null, `${label}: il portale è partito`);
      assert(exitCode !== 0, `${label}: uscito con codice 0`);
      assert(output.includes(`${variable}:`), `${label}: l'output non nomina ${variable}:\n${output}`);
      assert(output.includes('Avvio annullato'), `${label}: manca «Avvio annullato»:\n${output}`);
    }
  });
}
