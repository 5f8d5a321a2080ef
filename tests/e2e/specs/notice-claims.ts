import path from 'node:path';
import { request } from 'node:http';
import { assert, getWithHost, type E2EContext, type Suite } from '../harness';

const DEBTOR = 'BNCNNA80A41B157U';

/** A raw POST with an explicit Host, as another site's script or curl would send it. */
function post(
  port: number,
  host: string,
  pathname: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: pathname, method: 'POST', headers: { host, 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  let nav = '';
  const demoHost = `comune-demo.${portal.base}`;
  const lookup = (host: string, codice: string, codiceFiscale: string, address: string) =>
    post(portal.port, host, '/paga-avviso/verifica', JSON.stringify({ codice, codiceFiscale }), {
      'content-type': 'application/json',
      'x-forwarded-for': address,
    });

  suite.test('a citizen pays an existing notice found by its number and fiscal code; another fiscal code reveals nothing', async () => {
    // The Ente's notice: created in one browser, left unpaid.
    const creator = await browser.newContext({ locale: 'it-IT' });
    const page = await creator.newPage();
    await page.goto(portal.url('comune-demo', '/servizi/carta-identita'));
    await page.getByLabel('Nome e cognome del richiedente').fill('Anna Bianchi');
    await page.getByLabel('Codice fiscale del richiedente').fill(DEBTOR);
    await page.getByLabel('Codice fiscale o partita IVA').fill(DEBTOR);
    await page.getByLabel('Nome e cognome o ragione sociale').fill('Anna Bianchi');
    await page.getByRole('button', { name: 'Procedi al pagamento' }).click();
    await page.waitForURL(/\/sandbox\/checkout\//);
    nav = (await page.locator('.font-mono').first().innerText()).replace(/\s/g, '');
    await creator.close();

    // Someone else, in another browser, knows the number but not the fiscal code.
    const citizen = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const other = await citizen.newPage();
    await other.goto(portal.url('comune-demo', '/paga-avviso'));
    await other.getByLabel('Codice avviso').fill(nav);
    await other.getByLabel(/Codice fiscale o partita IVA dell/).fill('RCCMNL83S18D969H');
    await other.getByRole('button', { name: "Cerca l'avviso" }).click();
    await other.getByRole('alert').filter({ hasText: 'Nessun avviso' }).waitFor();
    const hidden = await other.locator('main').innerText();
    assert(
      !hidden.includes('Anna') && !hidden.includes('22,21') && !hidden.includes("Carta d'identità"),
      `dati mostrati con il codice fiscale sbagliato: ${hidden}`,
    );
    await other.screenshot({ path: path.join(screenshots, 'paga-avviso-cf-errato.png'), fullPage: true });

    // With the debtor's fiscal code the notice appears and is paid.
    await other.getByLabel(/Codice fiscale o partita IVA dell/).fill(DEBTOR.toLowerCase());
    await other.getByRole('button', { name: "Cerca l'avviso" }).click();
    await other.getByRole('heading', { name: "Carta d'identità elettronica" }).waitFor();
    const shown = await other.locator('main').innerText();
    assert(shown.includes('22,21') && shown.includes('A. B.'), `avviso mostrato male: ${shown}`);
    await other.screenshot({ path: path.join(screenshots, 'paga-avviso-trovato.png'), fullPage: true });
    await other.getByRole('button', { name: 'Paga ora' }).click();
    await other.waitForURL(/\/sandbox\/checkout\//);
    await other.getByRole('button', { name: /^Paga / }).click();
    await other.getByRole('heading', { name: 'Pagamento completato' }).waitFor({ timeout: 30_000 });
    await citizen.close();
  });

  suite.test('the notice lookup answers only on its Ente, only to JSON, and 429 with Retry-After when flooded', async () => {
    assert(nav, 'manca l’avviso del test precedente');
    const found = await lookup(demoHost, nav, DEBTOR, '203.0.113.10');
    assert(found.status === 200 && found.body.includes('"status":"paid"'), `ricerca corretta: HTTP ${found.status} ${found.body}`);
    const elsewhere = await lookup(`valmora.${portal.base}`, nav, DEBTOR, '203.0.113.10');
    assert(
      elsewhere.status === 404 && !elsewhere.body.includes('22'),
      `avviso trovato dal sito di un altro Ente: HTTP ${elsewhere.status}`,
    );
    const form = await post(portal.port, demoHost, '/paga-avviso/verifica', `codice=${nav}&codiceFiscale=${DEBTOR}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert(form.status === 415, `modulo da un altro sito: HTTP ${form.status}`);
    const huge = await post(
      portal.port,
      demoHost,
      '/paga-avviso/verifica',
      JSON.stringify({ codice: nav, codiceFiscale: 'x'.repeat(10_000) }),
      {
        'content-type': 'application/json',
      },
    );
    assert(huge.status === 413, `corpo enorme: HTTP ${huge.status}`);
    const array = await post(portal.port, demoHost, '/paga-avviso/verifica', JSON.stringify({ codice: [nav], codiceFiscale: DEBTOR }), {
      'content-type': 'application/json',
    });
    assert(array.status === 400, `codice come array: HTTP ${array.status}`);

    let limited: Awaited<ReturnType<typeof lookup>> | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const answer = await lookup(demoHost, nav, DEBTOR, '203.0.113.77');
      if (answer.status === 429) limited = answer;
    }
    assert(limited, 'nessun 429 dopo 40 ricerche dallo stesso indirizzo');
    assert(Number(limited.headers['retry-after']) > 0, 'Retry-After mancante');
    assert(/Troppi tentativi/.test(limited.body), `messaggio del 429: ${limited.body}`);
    const otherAddress = await lookup(demoHost, nav, DEBTOR, '203.0.113.78');
    assert(otherAddress.status === 200, `un altro indirizzo è bloccato: HTTP ${otherAddress.status}`);
  });

  suite.test('garbage in cookies, repeated parameters and malformed ids give clean pages, never a 500', async () => {
    const garbage = ['pagamenti=%00%ff;;==', `pagamenti=${'A'.repeat(43)}`, `pagamenti=${'x'.repeat(4000)}`, 'carrello=../../etc/passwd'];
    const paths: [string, number][] = [
      ['/', 200],
      ['/carrello', 200],
      ['/paga-avviso?codice=1&codice=2', 200],
      ['/pagamento/esito?carrello=a&carrello=b&esito=ok&esito=annullato', 200],
      ['/pagamento/esito?carrello=00000000-0000-0000-0000-000000000000', 200],
      ['/ricevute/non-un-uuid?t=x&t=y', 404],
      ['/avvisi/123?t=1', 404],
      ['/avvisi/301202600000000507?t=zz.zz', 404],
    ];
    for (const cookie of garbage) {
      for (const [pathname, expected] of paths) {
        const { status } = await getWithCookie(portal.port, demoHost, pathname, cookie);
        assert(status === expected, `${pathname} con cookie ${cookie.slice(0, 30)}: HTTP ${status}, atteso ${expected}`);
      }
    }
    assert((await getWithHost(portal.port, demoHost, '/carrello')).status === 200, 'carrello senza cookie');
  });
}

function getWithCookie(port: number, host: string, pathname: string, cookie: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { host, cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}
