import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { assert, type E2EContext, type Suite } from '../harness';

/*
 * The back office's receipts: Comune Demo's admin signs in with the demo password, finds the demo
 * citizen's paid TARI instalment (98,50 €, paid by the seed through the sandbox) and downloads both exports.
 */
export function register(suite: Suite, ctx: E2EContext) {
  suite.test('back office: the admin finds the receipt and downloads the CSV and XLSX exports', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true });
    const page = await context.newPage();
    try {
      await page.goto(ctx.portal.url('comune-demo', '/admin/accedi?ritorno=/admin/ricevute'));
      await page.getByLabel('E-mail').fill('admin@comune-demo.example.it');
      await page.getByLabel('Password').fill(process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Accedi' }).click();
      // The password login lands on the back office's home.
      await page.waitForURL(ctx.portal.url('comune-demo', '/admin'));
      await page.goto(ctx.portal.url('comune-demo', '/admin/ricevute'));
      await page.getByRole('heading', { level: 1, name: 'Ricevute' }).waitFor();
      const row = page.locator('tbody tr').filter({ hasText: '98,50' }).first();
      await row.waitFor();
      await page.screenshot({ path: path.join(ctx.screenshots, 'bo-ricevute.png'), fullPage: true });

      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Esporta in CSV' }).click()]);
      const csvPath = path.join(ctx.screenshots, 'ricevute.csv');
      await csv.saveAs(csvPath);
      const lines = readFileSync(csvPath, 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean);
      assert(lines[0]!.startsWith('Codice avviso;IUV;Identificativo ricevuta'), `intestazione CSV inattesa: ${lines[0]}`);
      assert(
        lines.some((l) => l.includes(';98,50;')),
        "il CSV non contiene l'importo 98,50",
      );

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Esporta in Excel/ }).click()]);
      const xlsxPath = path.join(ctx.screenshots, 'ricevute.xlsx');
      await xlsx.saveAs(xlsxPath);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(xlsxPath);
      const sheet = workbook.getWorksheet('Ricevute')!;
      const amounts = sheet.getColumn(10).values.slice(2);
      assert(amounts.includes(98.5), `l'XLSX non contiene l'importo 98,50 come numero: ${JSON.stringify(amounts)}`);

      await row.getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: /^Ricevuta / }).waitFor();
      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Scarica la ricevuta/ }).click()]);
      assert((await pdf.suggestedFilename()).endsWith('.pdf'), 'la ricevuta non è un PDF');
    } finally {
      await context.close();
    }
  });
}
