import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { DEMO_CIT_STAFF } from '@/db/seed/enti';
import { axeViolations } from '../axe';
import { assert, type E2EContext, type RunningPortal, type Suite } from '../harness';

/*
 * The CIT's monitoring: the home's summary, the monitoring across Enti with its drill-down and the health
 * page, looked at on a desktop and at 360 px with no WCAG 2.1 AA violation; the audit register, which the
 * CIT operator is refused and the CIT admin filters and exports.
 */
const ADMIN = DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!;
const OPERATOR = DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_operator')!;

/** A browser signed in to the CIT's dashboard with a demo account's password. */
async function citPage(browser: Browser, portal: RunningPortal, email: string, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'it-IT', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(portal.url(null, '/cit/accedi?ritorno=/cit'));
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForURL(portal.url(null, '/cit'));
  return page;
}

/** Opens a page, checks its heading, axe and that nothing but the tables' own containers scrolls sideways. */
async function look(page: Page, portal: RunningPortal, pathname: string, heading: string | RegExp, shot: string, screenshots: string) {
  const response = await page.goto(portal.url(null, pathname));
  assert(response?.status() === 200, `${pathname}: HTTP ${response?.status()}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  const violations = await axeViolations(page);
  assert(violations.length === 0, `${pathname} a ${page.viewportSize()!.width} px: violazioni axe\n${violations.join('\n')}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `${pathname} a ${page.viewportSize()!.width} px: la pagina scorre in orizzontale di ${overflow} px`);
  await page.screenshot({ path: path.join(screenshots, shot), fullPage: true });
}

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('CIT monitoring: summary, monitoring across Enti, an Ente and the health page, desktop and 360 px, axe clean', async () => {
    for (const width of [1280, 360]) {
      const page = await citPage(browser, portal, OPERATOR.email, width);
      const suffix = width === 360 ? '-360' : '';
      try {
        await look(page, portal, '/cit', 'Cruscotto del portale', `cit-riepilogo${suffix}.png`, screenshots);
        await look(page, portal, '/cit/monitoraggio', 'Monitoraggio', `cit-monitoraggio${suffix}.png`, screenshots);
        // The demo citizen's TARI instalment (98,50 €), paid by the seed today, is in the last 30 days' totals,
        // with whatever the tests before this one paid to the same Ente.
        const demoRow = page.locator('section[aria-labelledby="per-ente"] tbody tr').filter({ hasText: 'Comune di Demo' });
        const amounts = [...(await demoRow.innerText()).matchAll(/(\d{1,3}(?:\.\d{3})*),(\d{2})\s*€/g)].map(
          (m) => Number(m[1]!.replace(/\./g, '')) + Number(m[2]) / 100,
        );
        assert(Math.max(0, ...amounts) >= 98.5, `il Comune di Demo non mostra il pagamento di 98,50 €: ${amounts.join(', ')}`);
        await demoRow.getByRole('link', { name: 'Comune di Demo' }).click();
        await page.getByRole('heading', { level: 1, name: 'Comune di Demo' }).waitFor();
        const detail = new URL(page.url()).pathname;
        await look(
          page,
          portal,
          `${detail}?dal=2020-01-01&al=2020-01-31`,
          'Comune di Demo',
          `cit-monitoraggio-ente${suffix}.png`,
          screenshots,
        );
        await look(page, portal, '/cit/monitoraggio/salute', 'Stato dei servizi', `cit-salute${suffix}.png`, screenshots);
        // The seed's positions were registered through the counted sandbox partner.
        const sandbox = await page.locator('tbody tr').filter({ hasText: 'sandbox' }).first().innerText();
        assert(!/\bMai\b/.test(sandbox), `il partner sandbox non ha chiamate riuscite registrate: ${sandbox}`);
      } finally {
        await page.context().close();
      }
    }
  });

  suite.test('CIT audit register: refused to the operator, filtered and exported by the admin', async () => {
    const operator = await citPage(browser, portal, OPERATOR.email, 1280);
    try {
      const refused = await operator.goto(portal.url(null, '/cit/registro'));
      assert(refused?.status() === 403, `registro come operatore: HTTP ${refused?.status()}`);
      const csv = await operator.goto(portal.url(null, '/cit/registro/export.csv'));
      assert(csv?.status() === 403, `CSV del registro come operatore: HTTP ${csv?.status()}`);
      assert((await operator.getByRole('link', { name: 'Registro attività' }).count()) === 0, "il menu offre il registro all'operatore");
    } finally {
      await operator.context().close();
    }

    const admin = await citPage(browser, portal, ADMIN.email, 1280);
    try {
      await look(admin, portal, '/cit/registro', 'Registro attività', 'cit-registro.png', screenshots);
      // By role: the footer's «Centro Innovazione e Tecnologie» also matches a label search for «azione».
      await admin.getByRole('combobox', { name: /^Azione/ }).selectOption('accesso_negato');
      await admin.getByRole('textbox', { name: /^Utente/ }).fill(OPERATOR.email);
      await admin.getByRole('button', { name: 'Filtra' }).click();
      await admin.waitForURL(/azione=accesso_negato/);
      const rows = admin.locator('tbody tr');
      await rows.first().waitFor();
      assert((await rows.first().innerText()).includes(OPERATOR.fullName), 'il rifiuto non nomina l’operatore');
      assert((await axeViolations(admin)).length === 0, 'registro filtrato: violazioni axe');
      await admin.screenshot({ path: path.join(screenshots, 'cit-registro-filtrato.png'), fullPage: true });

      const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Esporta in CSV' }).click()]);
      const file = path.join(screenshots, 'registro-attivita.csv');
      await download.saveAs(file);
      const lines = readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean);
      assert(lines[0]!.startsWith('Data e ora;Ente;Utente'), `intestazione CSV inattesa: ${lines[0]}`);
      assert(lines.length >= 3, `il CSV ha ${lines.length - 1} righe, attese almeno 2 (pagina e CSV rifiutati)`);
      assert(
        lines.slice(1).every((l) => l.includes(';accesso_negato;') && l.includes(OPERATOR.email)),
        'il CSV contiene voci fuori dal filtro',
      );
    } finally {
      await admin.context().close();
    }
  });
}
