import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { axeViolations } from '../axe';
import { assert, type E2EContext, type Suite } from '../harness';

async function signInAsAdmin(page: Page, url: (pathname: string) => string) {
  await page.goto(url('/admin/accedi'));
  await page.getByLabel('E-mail').fill('admin@comune-demo.example.it');
  await page.getByLabel('Password').fill(process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForURL(url('/admin'));
}

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  const url = (pathname: string) => portal.url('comune-demo', pathname);

  suite.test(
    'catalogue editor: an admin creates a service with two fields, sees the live preview, and the citizen page shows it',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
      const page = await context.newPage();
      await signInAsAdmin(page, url);
      await page.goto(url('/admin/servizi/nuovo'));
      await page.getByLabel('Titolo').fill('Centro estivo');
      await page.getByLabel('In breve').fill('Iscrizione al centro estivo comunale.');
      await page.getByLabel('Descrizione', { exact: true }).fill('Il centro estivo accoglie bambini e ragazzi da giugno ad agosto.');
      await page.getByLabel('Categoria').fill('Scuola e servizi educativi');
      await page.getByLabel('Codice del servizio').fill('centro-estivo-e2e');
      await page.getByLabel('Cerca nella tassonomia').fill('rette');
      await page.getByLabel(/9\/0107100TS\//).check();

      await page.getByRole('button', { name: 'Aggiungi un campo' }).click();
      await page.getByLabel('Etichetta').nth(0).fill('Nome del bambino');
      await page.getByLabel('Nome tecnico').nth(0).fill('bambino');
      await page.getByRole('button', { name: 'Aggiungi un campo' }).click();
      await page.getByLabel('Etichetta').nth(1).fill('Turno');
      await page.getByLabel('Nome tecnico').nth(1).fill('turno');
      await page.getByLabel('Tipo').nth(1).selectOption('select');
      await page.getByLabel("Voci dell'elenco").fill('Giugno\nLuglio');
      await page.getByLabel('Modello della causale').fill('Centro estivo - {bambino} - {turno}');

      const preview = page.locator('section[aria-labelledby="anteprima"]');
      await preview.getByText('con 2 campi').waitFor();
      await preview.getByLabel('Nome del bambino').waitFor();
      await preview.getByLabel('Turno').waitFor();
      assert(
        (await page.locator('output').innerText()).startsWith('Centro estivo - [Nome del bambino] - Giugno'),
        'anteprima della causale',
      );
      await page.screenshot({ path: path.join(screenshots, 'catalogo-editor-desktop.png'), fullPage: true });
      const violations = await axeViolations(page);
      assert(violations.length === 0, `axe sull'editor: ${violations.join('; ')}`);

      await page.getByRole('button', { name: 'Crea il servizio' }).click();
      await page.waitForURL(url('/admin/servizi/centro-estivo-e2e?creato=1'));
      await page.getByText('Servizio creato.').waitFor();

      await page.goto(url('/servizi/centro-estivo-e2e'));
      await page.getByRole('heading', { level: 1, name: 'Centro estivo' }).waitFor();
      await page.getByLabel('Nome del bambino').waitFor();
      await page.getByLabel('Turno').waitFor();
      await context.close();
    },
  );

  suite.test('catalogue editor: the editor and the services list fit 360 px', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'it-IT', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signInAsAdmin(page, url);
    for (const [pathname, shot] of [
      ['/admin/servizi', 'catalogo-servizi-mobile.png'],
      ['/admin/servizi/mensa', 'catalogo-editor-mobile.png'],
    ] as const) {
      await page.goto(url(pathname));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `${pathname}: la pagina scorre in orizzontale di ${overflow}px a 360px`);
      await page.screenshot({ path: path.join(screenshots, shot), fullPage: true });
    }
    await context.close();
  });
}
