import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { DEMO_CIT_STAFF } from '@/db/seed/enti';
import { axeViolations } from '../axe';
import { assert, type E2EContext, type Suite } from '../harness';
import { pdfText } from '../pdf-text';

/*
 * The CIT's fees and yearly billing, and the partner registry: the CIT admin signs in with the demo password,
 * reads the schedule, the seeded province's 2025 billing (7.830,00 €, tests/integration/cit-billing.test.ts
 * has it line by line), downloads the CSV and a PDF statement, approves the year; the pages pass axe and fit
 * 360 px.
 */
const admin = DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!;

async function signIn(ctx: E2EContext, context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(ctx.portal.url(null, '/cit/accedi'));
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  // The password login lands on the dashboard's home (the login page's own URL also starts with /cit).
  await page.waitForURL((url) => url.pathname === '/cit');
  return page;
}

async function checkPage(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  assert(violations.length === 0, `${what}: violazioni WCAG 2.1 AA\n${violations.join('\n')}`);
}

async function fitsPhone(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 0, `${what}: la pagina scorre in orizzontale di ${overflow} px a 360 px`);
}

export function register(suite: Suite, ctx: E2EContext) {
  suite.test('CIT billing: the schedule, the 2025 report, CSV, a PDF statement, approval; the partner registry', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true });
    const page = await signIn(ctx, context);
    try {
      await page.goto(ctx.portal.url(null, '/cit/quote'));
      await page.getByRole('heading', { level: 1, name: 'Quote e fatturazione' }).waitFor();
      const text = await page.locator('main').innerText();
      assert(text.includes('Le quote dei partner tecnologici sono escluse'), 'la pagina non dice che le quote dei partner sono escluse');
      assert(text.includes('da 2.001 a 5.000 abitanti'), 'fasce non mostrate');
      await checkPage(page, '/cit/quote');
      await page.screenshot({ path: path.join(ctx.screenshots, 'cit-quote.png'), fullPage: true });

      await page.getByRole('link', { name: 'Anno 2025' }).click();
      await page.getByRole('heading', { level: 1, name: 'Fatturazione 2025' }).waitFor();
      const total = page.locator('tfoot tr');
      assert((await total.innerText()).includes('7.830,00'), `totale 2025 inatteso: ${await total.innerText()}`);
      await checkPage(page, '/cit/quote/2025');
      await page.screenshot({ path: path.join(ctx.screenshots, 'cit-fatturazione-2025.png'), fullPage: true });

      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Esporta in CSV' }).click()]);
      const csvText = readFileSync((await csv.path())!, 'utf8');
      assert(csvText.startsWith('\uFEFFEnte;Codice fiscale;'), `CSV: intestazione inattesa ${csvText.slice(0, 60)}`);
      assert(csvText.includes(';826,03;826,03\r\n'), "CSV: manca la riga di Castel d'Oglio");

      const castel = page.locator('tbody tr').filter({ hasText: "Castel d'Oglio" });
      const [pdf] = await Promise.all([page.waitForEvent('download'), castel.getByRole('link', { name: /PDF/ }).click()]);
      assert(pdf.suggestedFilename() === 'quote-cit-2025-castel-oglio.pdf', `nome del PDF: ${pdf.suggestedFilename()}`);
      const statementPath = path.join(ctx.screenshots, 'prospetto-quote-2025.pdf');
      await pdf.saveAs(statementPath);
      // Its first page as an image, to look at (poppler-utils, installed by .ci/run as for the receipts).
      execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', statementPath, path.join(ctx.screenshots, 'prospetto-quote-2025')]);
      const statement = pdfText(readFileSync(statementPath));
      for (const expected of [
        'Provincia di Brescia',
        'Centro Innovazione e Tecnologie',
        "Comune di Castel d'Oglio",
        '335 su 365',
        '826,03\u00a0€',
      ]) {
        assert(statement.includes(expected), `prospetto PDF senza «${expected}»:\n${statement}`);
      }
      assert(/partner tecnologico[\s\S]*esclusa/.test(statement), 'il prospetto non dice che la quota del partner è esclusa');

      // The approval form is a client component: acting before it hydrates would be lost on a busy machine.
      await page.waitForLoadState('networkidle');
      await page.getByLabel(/Ho controllato gli importi/).check();
      await page.getByRole('button', { name: 'Approva la fatturazione 2025' }).click();
      // The refreshed page replaces the form with the approval, announced as a status.
      await page
        .getByRole('status')
        .filter({ hasText: /^Approvata il .* da Laura Bertoli/ })
        .waitFor();
      // The refresh swaps the document head too: axe must not run while the title is being replaced.
      await page.waitForLoadState('networkidle');
      await checkPage(page, '/cit/quote/2025 approvata');
      await page.screenshot({ path: path.join(ctx.screenshots, 'cit-fatturazione-2025-approvata.png'), fullPage: true });

      await page.goto(ctx.portal.url(null, '/cit/partner'));
      await page.getByRole('heading', { level: 1, name: 'Partner tecnologici' }).waitFor();
      for (const name of ['NordCom - TIM', 'Unimatica S.p.A.', 'Maggioli S.p.A.', 'Dedagroup S.p.A.', 'Partner di prova (sandbox)']) {
        await page.getByRole('heading', { level: 2, name }).waitFor();
      }
      await checkPage(page, '/cit/partner');
      await page.screenshot({ path: path.join(ctx.screenshots, 'cit-partner.png'), fullPage: true });
      await page.getByRole('link', { name: 'Modifica Maggioli S.p.A.' }).click();
      await page.getByRole('heading', { level: 1, name: 'Maggioli S.p.A.' }).waitFor();
      await checkPage(page, '/cit/partner/maggioli');
      await page.waitForLoadState('networkidle');
      await page.getByLabel('Nome del referente tecnico').fill('Referente pagoPA');
      await page.getByLabel('E-mail del referente tecnico').fill('pagopa@maggioli.example.it');
      await page.getByRole('button', { name: 'Salva i contatti' }).click();
      await page.getByRole('status').filter({ hasText: 'Contatti salvati' }).waitFor();
      assert((await page.getByLabel('Nome del referente tecnico').inputValue()) === 'Referente pagoPA', 'contatto non salvato');

      // The same pages on a phone: tables scroll in their own box, never the page.
      const phone = await ctx.browser.newContext({
        viewport: { width: 360, height: 780 },
        locale: 'it-IT',
        isMobile: true,
        hasTouch: true,
        storageState: await context.storageState(),
      });
      try {
        const small = await phone.newPage();
        for (const [pathname, shot] of [
          ['/cit/quote', 'cit-quote-360.png'],
          ['/cit/quote/2025', 'cit-fatturazione-2025-360.png'],
          ['/cit/partner', 'cit-partner-360.png'],
        ] as const) {
          await small.goto(ctx.portal.url(null, pathname));
          await small.locator('h1').waitFor();
          await fitsPhone(small, pathname);
          await checkPage(small, `${pathname} a 360 px`);
          await small.screenshot({ path: path.join(ctx.screenshots, shot), fullPage: true });
        }
      } finally {
        await phone.close();
      }
    } finally {
      await context.close();
    }
  });
}
