import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_IDENTITIES } from '@/lib/auth/saml/demo-idp/identities';
import { assert, type E2EContext, type Suite } from '../harness';
import { assertNoHorizontalScroll } from '../page-checks';
import { signInContext } from '../sessions';

const person = (key: string) => {
  const identity = DEMO_IDENTITIES.find((i) => i.key === key)!;
  return { fiscalCode: identity.fiscalNumber, name: `${identity.name} ${identity.familyName}`, method: 'spid' as const, level: 2 as const };
};

const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true };
const PHONE = { viewport: { width: 360, height: 780 }, locale: 'it-IT', isMobile: true, hasTouch: true };

async function signedIn(browser: Browser, host: string, key: string, options: object = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await signInContext(context, host, person(key));
  return context;
}

/**
 * Signs in as a person would: «Accedi» in the header of the Ente's home, «Entra con SPID», the demo IdP,
 * the person's name, consent. Lands on «I miei pagamenti» (the citizen login's default return).
 */
async function signInWithSpidButton(page: Page, homeUrl: string, fullName: RegExp): Promise<void> {
  await page.goto(homeUrl);
  await page.getByRole('link', { name: 'Accedi' }).click();
  await page.locator('summary', { hasText: 'Entra con SPID' }).click();
  await page.getByRole('link', { name: /IdP dimostrativo/ }).click();
  await page.getByLabel(fullName).check();
  await page.getByRole('button', { name: 'Entra e invia i dati' }).click();
  await page.getByRole('heading', { level: 1, name: 'I miei pagamenti' }).waitFor();
}

/** Cumulative Layout Shift of the page so far (Chromium's layout-shift entries, without user input). */
/** The page's cumulative layout shift over its first half second, and what moved (for the failure message). */
async function layoutShift(page: Page): Promise<{ total: number; moved: string }> {
  return page.evaluate(
    () =>
      new Promise<{ total: number; moved: string }>((resolve) => {
        let total = 0;
        const moved = new Set<string>();
        type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] };
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Shift[]) {
            if (entry.hadRecentInput) continue;
            total += entry.value;
            for (const source of entry.sources ?? []) {
              const node = source.node;
              if (node instanceof Element)
                moved.add(`${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}.${[...node.classList].slice(0, 3).join('.')}`);
              else if (node) moved.add(node.nodeName);
            }
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve({ total, moved: [...moved].join(', ') }), 500);
      }),
  );
}

/** Fails with the shift and what moved when the page moves more than a user would notice. */
async function assertStable(page: Page, what: string): Promise<void> {
  const { total, moved } = await layoutShift(page);
  assert(total < 0.01, `${what}: spostamenti del layout (${total.toFixed(3)}: ${moved})`);
}

/** The «Da pagare» card of one notice, by its causale. */
const owedCard = (page: Page, causale: string | RegExp) =>
  page.locator('section[aria-labelledby="da-pagare"] li').filter({ has: page.getByRole('heading', { name: causale }) });
const paidRow = (page: Page, causale: string | RegExp) => page.locator('section[aria-labelledby="pagati"] li').filter({ hasText: causale });

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  const demoHost = `comune-demo.${portal.base}`;

  suite.test('area personale: without a citizen session both pages send to the login and back', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const slug of ['comune-demo', null]) {
      await page.goto(portal.url(slug, '/area-personale'));
      const url = new URL(page.url());
      assert(
        url.pathname === '/accedi' && url.searchParams.get('ritorno') === '/area-personale',
        `${slug ?? 'provincia'}: finito su ${page.url()}`,
      );
    }
    await context.close();
  });

  suite.test(
    'area personale: Mario signs in with the SPID button, sees his notices, pays one in the sandbox, then finds it paid with its receipt',
    async () => {
      const context = await browser.newContext(DESKTOP);
      const page = await context.newPage();
      await signInWithSpidButton(page, portal.url('comune-demo'), /Mario Rossi/);
      assert(new URL(page.url()).pathname === '/area-personale', `dopo l'accesso: ${page.url()}`);
      const main = await page.locator('main').innerText();
      assert(main.includes('Ciao Mario Rossi'), 'saluto assente');
      assert(main.includes('Mensa scolastica - Sofia Rossi') && /rata 2 di 2/.test(main), 'avvisi di Mario assenti');
      assert(!main.includes('seconda casa'), "l'area di Comune di Demo mostra un avviso di Valmora");
      assert(!main.includes('Canone unico'), "l'area di Mario mostra l'avviso di Giulia");
      assert((await paidRow(page, /rata 1 di 2/).count()) === 1, 'la rata già pagata non è tra i pagamenti effettuati');
      await page.getByRole('button', { name: /^Paga tutti/ }).waitFor();
      await page.screenshot({ path: path.join(screenshots, 'area-personale-desktop.png'), fullPage: true });

      const [avviso] = await Promise.all([
        page.waitForEvent('download'),
        owedCard(page, /Mensa scolastica/)
          .getByRole('link', { name: /Scarica l'avviso/ })
          .click(),
      ]);
      const avvisoText = execFileSync('pdftotext', [await avviso.path(), '-']).toString('utf8');
      assert(
        avvisoText.includes('52,00') && avvisoText.includes('RSSMRA80A01H501U'),
        "l'avviso scaricato non è quello della mensa di Mario",
      );

      await owedCard(page, /Mensa scolastica/)
        .getByRole('button', { name: 'Paga', exact: true })
        .click();
      await page.waitForURL(/\/sandbox\/checkout\//);
      await page.getByRole('heading', { name: /Paga 52,00/ }).waitFor();
      await page.getByRole('button', { name: /^Paga / }).click();
      await page.getByRole('heading', { name: 'Pagamento completato' }).waitFor({ timeout: 30_000 });

      await page.goto(portal.url('comune-demo', '/area-personale'));
      assert((await owedCard(page, /Mensa scolastica/).count()) === 0, "l'avviso pagato è ancora da pagare");
      const row = paidRow(page, 'Mensa scolastica - Sofia Rossi');
      await row.waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: /Scarica la ricevuta/ }).click()]);
      const pdfPath = path.join(screenshots, 'area-personale-ricevuta.pdf');
      await download.saveAs(pdfPath);
      const text = execFileSync('pdftotext', [pdfPath, '-']).toString('utf8');
      assert(text.includes('52,00') && text.includes('Comune di Demo'), 'la ricevuta scaricata non riporta importo ed Ente');
      await context.close();
    },
  );

  suite.test('area personale: Giulia sees her own notice and none of Mario’s', async () => {
    const context = await signedIn(browser, demoHost, 'giulia');
    const page = await context.newPage();
    await page.goto(portal.url('comune-demo', '/area-personale'));
    await owedCard(page, /Canone unico/).waitFor();
    const main = await page.locator('main').innerText();
    assert(main.includes('Ciao Giulia Bianchi'), 'saluto assente');
    assert(!main.includes('Sofia Rossi') && !main.includes('U004512'), 'Giulia vede avvisi o pagamenti di Mario');
    assert(main.includes('Non risultano ancora pagamenti'), 'manca il messaggio per chi non ha pagamenti');
    // An odd or repeated cursor is just the first page.
    const odd = await page.goto(portal.url('comune-demo', `/area-personale?dopo=${encodeURIComponent("' or 1=1 --")}&dopo=x`));
    assert(odd?.status() === 200 && (await owedCard(page, /Canone unico/).count()) === 1, `cursore strano: HTTP ${odd?.status()}`);
    await context.close();
  });

  suite.test('area personale: a session of comune-demo is no session on valmora, and an inactive Ente has no area', async () => {
    const context = await signedIn(browser, demoHost, 'mario');
    const page = await context.newPage();
    await page.goto(portal.url('valmora', '/area-personale'));
    assert(new URL(page.url()).pathname === '/accedi', `valmora senza sessione: ${page.url()}`);
    await signInContext(context, `pratolungo.${portal.base}`, person('mario'));
    const inactive = await page.goto(portal.url('pratolungo', '/area-personale'));
    assert(inactive?.status() === 404, `Ente non attivo: HTTP ${inactive?.status()}`);
    await context.close();
  });

  suite.test('area personale: the provincial page groups Mario’s notices by Ente, with a link to pay on each portal', async () => {
    const context = await signedIn(browser, portal.base, 'mario');
    const page = await context.newPage();
    await page.goto(portal.url(null, '/area-personale'));
    const groups = page.locator('section[aria-labelledby="da-pagare"] h3[id^="ente-"]');
    const names = await groups.allInnerTexts();
    assert(names.join('|') === 'Comune di Demo|Comune di Valmora', `gruppi: ${names.join('|')}`);
    const valmora = page.locator('section[aria-labelledby="ente-valmora"]');
    assert((await valmora.innerText()).includes('seconda casa'), 'avviso di Valmora assente nel suo gruppo');
    assert(
      !(await page.locator('section[aria-labelledby="ente-comune-demo"]').innerText()).includes('seconda casa'),
      'avviso nel gruppo sbagliato',
    );
    const href = await valmora.getByRole('link', { name: 'Paga sul portale di Comune di Valmora' }).getAttribute('href');
    assert(href === portal.url('valmora', '/area-personale'), `link per pagare: ${href}`);
    assert((await page.getByRole('button', { name: 'Paga', exact: true }).count()) === 0, 'la pagina provinciale offre di pagare qui');
    assert((await paidRow(page, /rata 1 di 2/).count()) === 1, 'pagamento effettuato assente');
    await page.screenshot({ path: path.join(screenshots, 'area-personale-provincia-desktop.png'), fullPage: true });
    const receipt = await paidRow(page, /rata 1 di 2/)
      .getByRole('link', { name: /Scarica la ricevuta/ })
      .getAttribute('href');
    assert(receipt?.startsWith(portal.url('comune-demo', '/ricevute/')), `link alla ricevuta: ${receipt}`);
    await context.close();
  });

  suite.test('area personale: both pages at 360 px, without layout shift', async () => {
    const ente = await signedIn(browser, demoHost, 'mario', PHONE);
    const phone = await ente.newPage();
    await phone.goto(portal.url('comune-demo', '/area-personale'));
    await phone.getByRole('heading', { level: 1, name: 'I miei pagamenti' }).waitFor();
    await assertNoHorizontalScroll(phone, 'area personale Ente');
    await assertStable(phone, 'area personale Ente');
    await phone.screenshot({ path: path.join(screenshots, 'area-personale-mobile.png'), fullPage: true });
    await ente.close();
    const provincia = await signedIn(browser, portal.base, 'mario', PHONE);
    const page = await provincia.newPage();
    await page.goto(portal.url(null, '/area-personale'));
    await page.getByRole('heading', { level: 1, name: 'I miei pagamenti' }).waitFor();
    await assertNoHorizontalScroll(page, 'area personale provinciale');
    await assertStable(page, 'area personale provinciale');
    await page.screenshot({ path: path.join(screenshots, 'area-personale-provincia-mobile.png'), fullPage: true });
    await provincia.close();
  });
}
