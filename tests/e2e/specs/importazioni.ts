import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { assert, type E2EContext, type Suite } from '../harness';

const FIXTURE = path.join(__dirname, '../../fixtures/imports/posizioni.csv');

/**
 * The bulk import as a clerk uses it: the admin of comune-demo signs in with the password login, uploads
 * the fixture, watches the progress bar reach the end, reads the counts and downloads the rejects.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('importazioni: upload a CSV, see the progress, the counts and the rejects', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true });
    const page = await context.newPage();
    try {
      await page.goto(portal.url('comune-demo', '/admin/accedi?ritorno=%2Fadmin%2Fimportazioni'));
      await page.getByLabel('E-mail').fill('admin@comune-demo.example.it');
      await page.getByLabel('Password').fill(process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Accedi' }).click();
      // The password login lands on the back office's home.
      await page.waitForURL(portal.url('comune-demo', '/admin'));
      await page.goto(portal.url('comune-demo', '/admin/importazioni'));
      await page.getByRole('heading', { level: 1, name: 'Importazioni' }).waitFor();

      await page
        .getByLabel('File CSV delle posizioni')
        .setInputFiles({ name: 'posizioni.csv', mimeType: 'text/csv', buffer: readFileSync(FIXTURE) });
      await page.getByRole('button', { name: 'Carica e importa' }).click();
      await page.getByRole('heading', { level: 1, name: /Importazione di posizioni\.csv/ }).waitFor();

      const bar = page.getByRole('progressbar', { name: 'Avanzamento dell’importazione' });
      await page.waitForFunction(() => document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') === '100', undefined, {
        timeout: 60_000,
      });
      assert((await bar.getAttribute('aria-valuenow')) === '100', 'la barra non arriva al 100%');
      await page.getByText('Completata').waitFor();
      const counts = await page.locator('dl[aria-live=polite]').innerText();
      assert(/Posizioni nuove\s*4/.test(counts) && /Righe scartate\s*17/.test(counts), `conteggi inattesi: ${counts}`);
      await page.screenshot({ path: path.join(screenshots, 'importazione-esito.png'), fullPage: true });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Scarica gli scarti (CSV)' }).click(),
      ]);
      const rejects = readFileSync((await download.path())!, 'utf8');
      assert(rejects.startsWith('\ufeffriga;colonna;valore;motivo'), `file degli scarti inatteso: ${rejects.slice(0, 80)}`);
    } finally {
      await context.close();
    }
  });
}
