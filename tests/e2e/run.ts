import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_ENTI } from '@/db/seed/enti';
import { assert, getWithHost, launchBrowser, startPortal, Suite, type E2EContext } from './harness';
import { assertNoHorizontalScroll, downloadFrom } from './page-checks';
import { payMensaAsCitizen } from './citizen-payment';
import { payAtSandboxCheckout } from './sandbox-checkout';
import { signInStaff } from './staff-login';

const SCREENSHOTS = path.join(process.cwd(), 'tests', 'e2e', 'screenshots');
const PORT = Number(process.env.E2E_PORT ?? 3100);

async function catalogueTitles(page: Page): Promise<string[]> {
  return page.locator('main section ul li a > span:first-child').allInnerTexts();
}

/** Set by the payment test, used by the staff test that follows it. */
let paidReceiptPath: string | undefined;

async function main() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const portal = await startPortal(PORT);
  let browser: Browser | undefined;
  let failures = 1;
  try {
    browser = await launchBrowser();
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const mobile = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'it-IT', isMobile: true, hasTouch: true });
    const suite = new Suite();

    suite.test('over plain HTTP, each active Ente answers on its Host and the others 404', async () => {
      for (const ente of DEMO_ENTI) {
        const { status, body } = await getWithHost(PORT, `${ente.slug}.${portal.base}`, '/');
        if (ente.adhesionStatus === 'attivo') {
          assert(status === 200, `${ente.slug}: HTTP ${status}`);
          assert(body.includes(ente.name.replace("'", '&#x27;')), `${ente.slug}: nome dell'Ente assente`);
          assert(body.includes('/servizi/'), `${ente.slug}: catalogo assente`);
        } else {
          assert(status === 404, `${ente.slug} non attivo: HTTP ${status}`);
        }
      }
      assert((await getWithHost(PORT, `comune-inesistente.${portal.base}`, '/')).status === 404, 'slug sconosciuto');
      for (const host of [portal.base, `comune-demo.${portal.base}`, 'altro.example.org']) {
        for (const internal of ['/ente/comune-demo', '/ente/comune-demo/servizi/mensa', '/provincia', '/provincia/cit']) {
          const { status } = await getWithHost(PORT, host, internal);
          assert(status === 404, `${host}${internal}: HTTP ${status}`);
        }
      }
    });

    suite.test('two Enti show two different headers and catalogues', async () => {
      const page = await desktop.newPage();
      const demo = await page.goto(portal.url('comune-demo'));
      assert(demo?.status() === 200, `comune-demo: HTTP ${demo?.status()}`);
      const demoHeader = await page.locator('header').innerText();
      assert(demoHeader.includes('Comune di Demo'), `intestazione inattesa: ${demoHeader}`);
      const demoTitles = await catalogueTitles(page);
      assert(demoTitles.includes('Mensa scolastica') && demoTitles.includes('TARI - Tassa sui rifiuti'), `catalogo Demo: ${demoTitles}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'ente-home-desktop.png'), fullPage: true });

      const unione = await page.goto(portal.url('unione-terre-basse'));
      assert(unione?.status() === 200, `unione: HTTP ${unione?.status()}`);
      const unioneHeader = await page.locator('header').innerText();
      assert(unioneHeader.includes('Unione dei Comuni delle Terre Basse'), `intestazione inattesa: ${unioneHeader}`);
      assert(!unioneHeader.includes('Comune di Demo'), "l'intestazione dell'Unione mostra un altro Ente");
      const unioneTitles = await catalogueTitles(page);
      assert(unioneTitles.length === 3, `catalogo Unione: ${unioneTitles}`);
      assert(!unioneTitles.includes('TARI - Tassa sui rifiuti'), "l'Unione mostra la TARI di un Comune");
      assert(unioneTitles.join() !== demoTitles.join(), 'i due cataloghi coincidono');
      await page.close();
    });

    suite.test('an unknown Ente gets the Italian 404 page', async () => {
      const page = await desktop.newPage();
      const response = await page.goto(portal.url('comune-inesistente'));
      assert(response?.status() === 404, `HTTP ${response?.status()}`);
      await page.getByRole('heading', { name: 'Ente non trovato' }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'ente-non-trovato.png'), fullPage: true });
      await page.close();
    });

    suite.test(
      'an Ente whose adhesion is not active yet gets the "portale non ancora attivo" page, its back office still answers',
      async () => {
        const page = await desktop.newPage();
        const response = await page.goto(portal.url('pratolungo'));
        assert(response?.status() === 404, `HTTP ${response?.status()}`);
        await page.getByRole('heading', { name: 'Portale non ancora attivo' }).waitFor();
        await page.getByText('Comune di Pratolungo').first().waitFor();
        const backOffice = await page.goto(portal.url('pratolungo', '/admin/accedi'));
        assert(backOffice?.status() === 200, `back office: HTTP ${backOffice?.status()}`);
        await page.close();
      },
    );

    suite.test('the internal route is not reachable by its own path', async () => {
      const page = await desktop.newPage();
      const response = await page.goto(portal.url(null, '/ente/comune-demo'));
      assert(response?.status() === 404, `HTTP ${response?.status()}`);
      await page.getByRole('heading', { name: 'Pagina non trovata' }).waitFor();
      await page.close();
    });

    suite.test('the catalogue search finds a service without accents', async () => {
      const page = await desktop.newPage();
      await page.goto(portal.url('comune-demo'));
      await page.getByLabel('Cerca un servizio').fill('identita');
      await page.getByRole('button', { name: 'Cerca' }).click();
      await page.waitForURL(/q=identita/);
      const titles = await catalogueTitles(page);
      assert(titles.length === 1 && titles[0] === "Carta d'identità elettronica", `risultati: ${titles}`);
      await page.close();
    });

    suite.test('a service page shows amount, payer and taxonomy (desktop and 360 px)', async () => {
      const page = await desktop.newPage();
      await page.goto(portal.url('comune-demo'));
      await page.getByRole('link', { name: /Mensa scolastica/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Mensa scolastica' }).waitFor();
      const text = (await page.locator('main').innerText()).replace(/\u00a0/g, ' ');
      assert(text.includes('5,20 € per buono pasto'), 'importo mancante');
      assert(text.includes('9/0107101TS/'), 'tassonomia mancante');
      assert(text.includes('Chi può pagare'), 'sezione "Chi può pagare" mancante');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'servizio-desktop.png'), fullPage: true });
      await page.close();

      const phone = await mobile.newPage();
      await phone.goto(portal.url('comune-demo', '/servizi/mensa'));
      await assertNoHorizontalScroll(phone, 'servizio a 360px');
      await phone.screenshot({ path: path.join(SCREENSHOTS, 'servizio-mobile.png'), fullPage: true });
      await phone.goto(portal.url('comune-demo'));
      await phone.screenshot({ path: path.join(SCREENSHOTS, 'ente-home-mobile.png'), fullPage: true });
      await phone.close();
    });

    suite.test('the provincial home lists the active Enti and links to their portals', async () => {
      const page = await desktop.newPage();
      const response = await page.goto(portal.url(null));
      assert(response?.status() === 200, `HTTP ${response?.status()}`);
      const text = await page.locator('main').innerText();
      assert(text.includes('Comune di Valmora') && text.includes("Comunità Montana dell'Alta Valmora"), 'Enti mancanti');
      assert(!text.includes('Pratolungo'), "un Ente non attivo compare nell'elenco");
      await page.screenshot({ path: path.join(SCREENSHOTS, 'provincia-home.png'), fullPage: true });
      await page.getByRole('link', { name: /Comune di Valmora/ }).click();
      await page.waitForURL(portal.url('valmora'));
      assert((await page.locator('header').innerText()).includes('Comune di Valmora'), 'link al portale errato');
      await page.close();
    });

    suite.test('the back office asks for login, then admits only staff of that Ente', async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
      const page = await context.newPage();
      await page.goto(portal.url('comune-demo', '/admin'));
      await page.waitForURL(portal.url('comune-demo', '/admin/accedi?ritorno=%2Fadmin'));
      await page.getByRole('button', { name: 'Accedi' }).click();
      await page.getByText("Scrivi l'indirizzo e-mail").waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-accedi.png'), fullPage: true });

      await page.getByLabel('E-mail').fill('admin@comune-demo.example.it');
      await page.getByLabel('Password').fill('password-sbagliata');
      await page.getByRole('button', { name: 'Accedi' }).click();
      await page.getByRole('alert').filter({ hasText: 'E-mail o password non corrette' }).waitFor();

      await page.getByLabel('Password').fill('demo-pagamenti');
      await page.getByRole('button', { name: 'Accedi' }).click();
      await page.waitForURL(portal.url('comune-demo', '/admin'));
      await page.getByRole('heading', { name: 'Back office di Comune di Demo' }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-home.png'), fullPage: true });

      // The session cookie belongs to comune-demo's host: on valmora the same browser is a stranger.
      await page.goto(portal.url('valmora', '/admin'));
      await page.waitForURL(portal.url('valmora', '/admin/accedi?ritorno=%2Fadmin'));
      await page.getByLabel('E-mail').fill('admin@comune-demo.example.it');
      await page.getByLabel('Password').fill('demo-pagamenti');
      await page.getByRole('button', { name: 'Accedi' }).click();
      await page.waitForURL(portal.url('valmora', '/admin'));
      await page.getByRole('heading', { name: 'Accesso non consentito' }).waitFor();
      const status = (await page.reload())?.status();
      assert(status === 403, `admin di un altro Ente: HTTP ${status}`);

      await page.goto(portal.url('comune-demo', '/admin'));
      await page.getByRole('button', { name: 'Esci' }).click();
      await page.waitForURL(portal.url('comune-demo'));
      await page.goto(portal.url('comune-demo', '/admin'));
      await page.waitForURL(portal.url('comune-demo', '/admin/accedi?ritorno=%2Fadmin'));
      await context.close();
    });

    suite.test('the CIT dashboard admits CIT staff only', async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
      const page = await context.newPage();
      await page.goto(portal.url(null, '/cit'));
      await page.waitForURL(portal.url(null, '/cit/accedi?ritorno=%2Fcit'));
      await page.getByLabel('E-mail').fill('cit.operatore@provincia.example.it');
      await page.getByLabel('Password').fill('demo-pagamenti');
      await page.getByRole('button', { name: 'Accedi' }).click();
      await page.waitForURL(portal.url(null, '/cit'));
      await page.getByRole('heading', { name: 'Cruscotto del portale' }).waitFor();
      await context.close();

      const staffContext = await browser!.newContext();
      const staffPage = await staffContext.newPage();
      await staffPage.goto(portal.url(null, '/cit/accedi'));
      await staffPage.getByLabel('E-mail').fill('admin@valmora.example.it');
      await staffPage.getByLabel('Password').fill('demo-pagamenti');
      await staffPage.getByRole('button', { name: 'Accedi' }).click();
      await staffPage.getByRole('heading', { name: 'Accesso non consentito' }).waitFor();
      await staffContext.close();
    });

    suite.test('a citizen pays a service through the sandbox and downloads the receipt PDF', async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true });
      const page = await context.newPage();
      const { nav, receiptHref: href, pdfPath } = await payMensaAsCitizen(page, portal, SCREENSHOTS);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdfPath, path.join(SCREENSHOTS, 'ricevuta')]);

      // The signed link opens this receipt on this Ente's host only, and nothing else opens it.
      paidReceiptPath = href.replace(/\?t=.*/, '');
      const demoHost = `comune-demo.${portal.base}`;
      assert((await getWithHost(PORT, demoHost, href)).status === 200, 'il link firmato non apre la ricevuta');
      assert((await getWithHost(PORT, `valmora.${portal.base}`, href)).status === 404, 'la ricevuta si apre dal sito di un altro Ente');
      assert((await getWithHost(PORT, demoHost, href.replace(/t=.*/, 't=sbagliato'))).status === 404, 'token errato accettato');
      assert((await getWithHost(PORT, demoHost, href.replace(/\?t=.*/, ''))).status === 404, 'ricevuta aperta senza token');
      // The return URL opens the outcome only in the browser that paid: without its cookie it says nothing.
      const returnUrl = new URL(page.url());
      for (const host of [demoHost, `valmora.${portal.base}`]) {
        const stranger = await getWithHost(PORT, host, returnUrl.pathname + returnUrl.search);
        assert(
          stranger.status === 200 && stranger.body.includes('solo nel browser'),
          `esito da un altro browser su ${host}: HTTP ${stranger.status}`,
        );
        assert(
          !stranger.body.includes(nav) && !stranger.body.includes('Luca Rocca') && !stranger.body.includes('52,00'),
          `l'esito mostra dati a un altro browser su ${host}`,
        );
      }

      await context.close();
    });

    suite.test('a cancelled checkout says so and offers to try again', async () => {
      const page = await desktop.newPage();
      await page.goto(portal.url('comune-demo', '/servizi/carta-identita'));
      await page.getByLabel('Nome e cognome del richiedente').fill('Anna Bianchi');
      await page.getByLabel('Codice fiscale del richiedente').fill('RCCMNL83S18D969H');
      await page.getByRole('button', { name: 'Procedi al pagamento' }).click();
      await page.waitForURL(/\/sandbox\/checkout\//);
      await page.getByRole('button', { name: 'Annulla' }).click();
      await page.waitForURL(/esito=annullato/);
      await page.getByRole('heading', { name: 'Pagamento annullato' }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'esito-annullato.png'), fullPage: true });
      const avvisoPath = await downloadFrom(page, page.getByRole('link', { name: /^Avviso / }), path.join(SCREENSHOTS, 'avviso.pdf'));
      const text = execFileSync('pdftotext', [avvisoPath, '-']).toString('utf8');
      const nav = /Avviso (\d{4} \d{4} \d{4} \d{4} \d{2})/.exec(await page.getByRole('link', { name: /^Avviso / }).innerText())?.[1];
      assert(nav && text.includes(nav), `il PDF dell'avviso non contiene il codice avviso ${nav}`);
      assert(
        text.includes('22,21') && text.includes('00812300176') && text.includes('AB12C'),
        "l'avviso non riporta importo, codice fiscale dell'Ente o CBILL",
      );
      // The provider's name comes from its configured identity (the demo's: the Province of Brescia).
      assert(/portale dei pagamenti di\s+Provincia di Brescia/.test(text), "l'avviso non nomina il gestore del portale");
      execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', avvisoPath, path.join(SCREENSHOTS, 'avviso')]);
      await page.getByRole('button', { name: 'Riprova il pagamento' }).click();
      await page.waitForURL(/\/sandbox\/checkout\//);
      await page.close();
    });

    suite.test('"Paga un avviso" explains typing errors, then two notices are paid together from the cart', async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
      const page = await context.newPage();
      const navs: string[] = [];
      for (const name of ['Paolo Verdi', 'Giulia Neri']) {
        await page.goto(portal.url('comune-demo', '/servizi/carta-identita'));
        await page.getByLabel('Nome e cognome del richiedente').fill(name);
        await page.getByLabel('Codice fiscale del richiedente').fill('RCCMNL83S18D969H');
        await page.getByLabel('Codice fiscale o partita IVA').fill('RCCMNL83S18D969H');
        await page.getByLabel('Nome e cognome o ragione sociale').fill('Emanuele Rocca');
        await page.getByRole('button', { name: 'Procedi al pagamento' }).click();
        await page.waitForURL(/\/sandbox\/checkout\//);
        navs.push((await page.locator('.font-mono').first().innerText()).replace(/\s/g, ''));
        await page.getByRole('button', { name: 'Annulla' }).click();
        await page.waitForURL(/esito=annullato/);
      }

      await page.goto(portal.url('comune-demo'));
      await page.getByRole('link', { name: 'Paga un avviso con il suo codice' }).click();
      await page.waitForURL(/\/paga-avviso(\?|$)/);
      // The lookup is a client component: a search before it hydrates would reload the page, as a busy machine made happen.
      await page.waitForLoadState('networkidle');
      await page.getByLabel('Codice avviso').fill(navs[0]!.slice(0, 17));
      await page.getByLabel(/Codice fiscale o partita IVA dell/).fill('RCCMNL83S18D969H');
      await page.getByRole('button', { name: "Cerca l'avviso" }).click();
      await page.getByText('Il codice avviso è di 18 cifre: ne hai scritte 17').waitFor();
      const wrong = navs[0]!.slice(0, 17) + String((Number(navs[0]!.at(-1)) + 1) % 10);
      await page.getByLabel('Codice avviso').fill(wrong);
      await page.getByRole('button', { name: "Cerca l'avviso" }).click();
      await page.getByText(/non è corretto: controlla/).waitFor();

      for (const nav of navs) {
        const spaced = nav.replace(/(\d{4})(?=\d)/g, '$1 ');
        await page.getByLabel('Codice avviso').fill(spaced);
        await page.getByRole('button', { name: "Cerca l'avviso" }).click();
        await page.locator('section dd.font-mono', { hasText: spaced }).waitFor();
        const shown = await page.locator('main').innerText();
        assert(!shown.includes('Emanuele Rocca'), 'la pagina mostra il nome del debitore');
        await page.getByRole('button', { name: 'Aggiungi al carrello' }).click();
        await page.getByRole('status').filter({ hasText: 'Avviso aggiunto' }).waitFor();
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, 'paga-avviso.png'), fullPage: true });

      await page.getByRole('link', { name: /Carrello \(2\)/ }).click();
      await page.getByRole('heading', { name: 'Carrello' }).waitFor();
      await page.getByText('44,42').first().waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'carrello.png'), fullPage: true });
      await page.getByRole('button', { name: /Paga 44,42/ }).click();
      await page.waitForURL(/\/sandbox\/checkout\//);
      await page.getByRole('heading', { name: '2 avvisi' }).waitFor();
      await payAtSandboxCheckout(page);
      assert((await page.getByRole('link', { name: /Scarica la ricevuta/ }).count()) === 2, 'attese due ricevute');
      await context.close();
    });

    suite.test("the Ente's staff open a receipt without the link, other staff cannot", async () => {
      assert(paidReceiptPath, 'manca la ricevuta del test di pagamento');
      const context = await browser!.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      for (const [slug, email] of [
        ['comune-demo', 'operatore@comune-demo.example.it'],
        ['valmora', 'admin@valmora.example.it'],
      ] as const) {
        await signInStaff(page, portal, slug, email);
      }
      const own = await page.request.fetch(portal.url('comune-demo', paidReceiptPath).replace('comune-demo.localhost', '127.0.0.1'), {
        headers: {
          host: `comune-demo.${portal.base}`,
          cookie: (await context.cookies(portal.url('comune-demo'))).map((c) => `${c.name}=${c.value}`).join('; '),
        },
      });
      assert(own.status() === 200 && (await own.body()).subarray(0, 5).toString() === '%PDF-', `staff dell'Ente: HTTP ${own.status()}`);
      const other = await page.request.fetch(portal.url('valmora', paidReceiptPath).replace('valmora.localhost', '127.0.0.1'), {
        headers: {
          host: `valmora.${portal.base}`,
          cookie: (await context.cookies(portal.url('valmora'))).map((c) => `${c.name}=${c.value}`).join('; '),
        },
      });
      assert(other.status() === 404, `staff di un altro Ente: HTTP ${other.status()}`);
      // Even carried over to this Ente's host by hand, another Ente's session opens nothing here.
      const carried = await page.request.fetch(portal.url('comune-demo', paidReceiptPath).replace('comune-demo.localhost', '127.0.0.1'), {
        headers: {
          host: `comune-demo.${portal.base}`,
          cookie: (await context.cookies(portal.url('valmora'))).map((c) => `${c.name}=${c.value}`).join('; '),
        },
      });
      assert(carried.status() === 404, `sessione di un altro Ente portata a mano: HTTP ${carried.status()}`);
      await context.close();
    });

    // Each file in specs/ adds the checks of one area: see specs/README.md.
    const specsDir = path.join(__dirname, 'specs');
    for (const file of readdirSync(specsDir)
      .filter((f) => f.endsWith('.ts'))
      .sort()) {
      const spec = (await import(path.join(specsDir, file))) as { register: (suite: Suite, ctx: E2EContext) => void };
      spec.register(suite, { portal, browser, desktop, mobile, screenshots: SCREENSHOTS });
    }

    failures = await suite.run();
  } finally {
    await browser?.close();
    await portal.stop();
  }
  process.exitCode = failures > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
