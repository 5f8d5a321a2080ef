import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { assert, type E2EContext, type Suite } from '../harness';
import { downloadFrom, shootAndAudit } from '../page-checks';
import { payAtSandboxCheckout } from '../sandbox-checkout';
import { signInStaff } from '../staff-login';

const FIXTURE = path.join(__dirname, '../../fixtures/imports/posizioni.csv');
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true };
const PHONE = { viewport: { width: 360, height: 780 }, locale: 'it-IT', isMobile: true, hasTouch: true };
const ADMIN = 'admin@comune-demo.example.it';

/** Today in Italy, as the receipts' date filter reads it (YYYY-MM-DD). */
function todayInRome(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
}

/*
 * Issue 8's story, on comune-demo: the admin creates a service with two custom fields in the editor, a citizen
 * pays that very service through the sandbox checkout, the admin finds that receipt and exports it by date
 * range; another clerk imports a CSV. Each back-office screen is looked at on desktop and at 360 px, with axe.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  const url = (pathname: string) => portal.url('comune-demo', pathname);
  const contexts: BrowserContext[] = [];

  async function adminPage(options: object): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    await signInStaff(page, portal, 'comune-demo', ADMIN);
    return page;
  }

  /** The same screen at 360 px, by its URL: screenshot `<name>-360.png` and the checks of shootAndAudit. */
  async function onPhone(phone: Page, pathname: string, name: string) {
    await phone.goto(url(pathname));
    await shootAndAudit(phone, screenshots, `${name}-360`);
  }

  suite.test('back-office story: an admin creates a service, a citizen pays it, the admin finds and exports the receipt', async () => {
    try {
      const admin = await adminPage(DESKTOP);
      const phone = await adminPage(PHONE);

      await admin.getByRole('heading', { level: 1, name: 'Back office di Comune di Demo' }).waitFor();
      await admin.getByRole('img', { name: /Pagamenti al giorno/ }).waitFor();
      assert((await admin.locator('details table tbody tr').count()) === 90, 'la tabella del grafico non ha 90 giorni');
      await shootAndAudit(admin, screenshots, 'bo-riepilogo-desktop');
      await onPhone(phone, '/admin', 'bo-riepilogo');

      // The editor: a text field and a select, a fixed amount, the live preview of the citizen's form.
      await admin.goto(url('/admin/servizi/nuovo'));
      await admin.getByLabel('Titolo').fill('Centro estivo');
      await admin.getByLabel('In breve').fill('Iscrizione al centro estivo comunale.');
      await admin.getByLabel('Descrizione', { exact: true }).fill('Il centro estivo accoglie bambini e ragazzi da giugno ad agosto.');
      await admin.getByLabel('Categoria').fill('Scuola e servizi educativi');
      await admin.getByLabel('Codice del servizio').fill('centro-estivo-e2e');
      await admin.getByLabel('Importo (€)').fill('45,00');
      await admin.getByLabel('Cerca nella tassonomia').fill('rette');
      await admin.getByLabel(/9\/0107100TS\//).check();
      await admin.getByRole('button', { name: 'Aggiungi un campo' }).click();
      await admin.getByLabel('Etichetta').nth(0).fill('Nome del bambino');
      await admin.getByLabel('Nome tecnico').nth(0).fill('bambino');
      await admin.getByRole('button', { name: 'Aggiungi un campo' }).click();
      await admin.getByLabel('Etichetta').nth(1).fill('Turno');
      await admin.getByLabel('Nome tecnico').nth(1).fill('turno');
      await admin.getByLabel('Tipo', { exact: true }).nth(1).selectOption('select');
      await admin.getByLabel("Voci dell'elenco").fill('Giugno\nLuglio');
      await admin.getByLabel('Modello della causale').fill('Centro estivo - {bambino} - {turno}');
      const preview = admin.locator('section[aria-labelledby="anteprima"]');
      await preview.getByText('con 2 campi').waitFor();
      await preview.getByLabel('Nome del bambino').waitFor();
      await preview.getByLabel('Turno').waitFor();
      const causale = await admin.locator('output').innerText();
      assert(causale.startsWith('Centro estivo - [Nome del bambino] - Giugno'), `anteprima della causale: ${causale}`);
      await shootAndAudit(admin, screenshots, 'bo-editor-desktop');
      await admin.getByRole('button', { name: 'Crea il servizio' }).click();
      await admin.waitForURL(url('/admin/servizi/centro-estivo-e2e?creato=1'));
      await admin.getByText('Servizio creato.').waitFor();
      await onPhone(phone, '/admin/servizi', 'bo-servizi');
      await onPhone(phone, '/admin/servizi/centro-estivo-e2e', 'bo-editor');
      await phone.locator('section[aria-labelledby="anteprima"]').getByLabel('Turno').waitFor();

      // A citizen, in a browser of their own, pays that service on the Ente's portal.
      const citizenContext = await browser.newContext(DESKTOP);
      contexts.push(citizenContext);
      const citizen = await citizenContext.newPage();
      await citizen.goto(url('/servizi/centro-estivo-e2e'));
      await citizen.getByRole('heading', { level: 1, name: 'Centro estivo' }).waitFor();
      await citizen.getByLabel('Nome del bambino').fill('Luca Rocca');
      await citizen.getByLabel('Turno').selectOption('Luglio');
      await citizen.getByLabel('Codice fiscale o partita IVA').fill('RCCMNL83S18D969H');
      await citizen.getByLabel('Nome e cognome o ragione sociale').fill('Emanuele Rocca');
      await citizen.getByLabel('E-mail').fill('emanuele@example.it');
      await citizen.getByRole('button', { name: 'Procedi al pagamento' }).click();
      await payAtSandboxCheckout(citizen);
      const nav = (await citizen.locator('dd.font-mono').first().innerText()).replace(/\s/g, '');
      assert(/^3\d{17}$/.test(nav), `codice avviso inatteso: ${nav}`);

      // The admin finds THAT receipt by its notice number and opens it.
      await admin.goto(url('/admin/ricevute'));
      await admin.getByLabel('Codice avviso').fill(nav);
      await admin.getByRole('button', { name: 'Cerca' }).click();
      await admin.waitForURL(/avviso=/);
      const rows = admin.locator('tbody tr');
      assert((await rows.count()) === 1, `ricevute trovate per ${nav}: ${await rows.count()}`);
      const row = (await rows.innerText()).replace(/\u00a0/g, ' ');
      assert(row.includes('Centro estivo') && row.includes('45,00 €'), `riga della ricevuta: ${row}`);
      await admin.screenshot({ path: path.join(screenshots, 'bo-ricevute.png'), fullPage: true });
      await rows.getByRole('link', { name: formatNoticeNumber(nav) }).click();
      await admin.getByRole('heading', { level: 1, name: /^Ricevuta / }).waitFor();
      const pdf = await downloadFrom(
        admin,
        // The staff's page also offers the original document the partner sent («Scarica la ricevuta originale»).
        admin.getByRole('link', { name: 'Scarica la ricevuta (PDF)' }),
        path.join(screenshots, 'bo-ricevuta.pdf'),
      );
      assert(readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', 'la ricevuta non è un PDF');

      // The accounting exports of today's receipts hold it, with its amount.
      const today = todayInRome();
      await admin.goto(url('/admin/ricevute'));
      await admin.getByLabel('Pagate dal').fill(today);
      await admin.getByLabel('Pagate fino al').fill(today);
      await admin.getByRole('button', { name: 'Cerca' }).click();
      await admin.waitForURL(new RegExp(`dal=${today}&al=${today}`));
      const csvPath = await downloadFrom(
        admin,
        admin.getByRole('link', { name: 'Esporta in CSV' }),
        path.join(screenshots, 'ricevute.csv'),
      );
      const lines = readFileSync(csvPath, 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n');
      assert(lines[0]!.startsWith('Codice avviso;IUV;Identificativo ricevuta'), `intestazione CSV inattesa: ${lines[0]}`);
      const csvLine = lines.find((l) => l.startsWith(`${nav};`));
      assert(csvLine?.includes(';Centro estivo;') && csvLine.includes(';45,00;'), `riga CSV della ricevuta: ${csvLine}`);

      const xlsxPath = await downloadFrom(
        admin,
        admin.getByRole('link', { name: /Esporta in Excel/ }),
        path.join(screenshots, 'ricevute.xlsx'),
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(xlsxPath);
      const sheet = workbook.getWorksheet('Ricevute')!;
      const xlsxRows: ExcelJS.Row[] = [];
      sheet.eachRow((r) => xlsxRows.push(r));
      const xlsxRow = xlsxRows.find((r) => r.getCell(1).value === nav);
      assert(xlsxRow?.getCell(10).value === 45, `riga XLSX della ricevuta: ${JSON.stringify(xlsxRow?.values)}`);

      // Its position: in the list, found by notice number, and its history from creation to receipt.
      const list = `/admin/posizioni?avviso=${nav}`;
      await admin.goto(url(list));
      assert((await admin.locator('tbody tr').count()) === 1, `posizioni trovate per ${nav}`);
      await shootAndAudit(admin, screenshots, 'bo-posizioni-desktop');
      await onPhone(phone, list, 'bo-posizioni');
      await admin
        .locator('tbody tr')
        .getByRole('link', { name: formatNoticeNumber(nav) })
        .click();
      await admin.getByRole('heading', { name: 'Storia della posizione' }).waitFor();
      const history = await admin.locator('section[aria-labelledby="storia"]').innerText();
      assert(history.includes('Posizione creata') && history.includes('Ricevuta di pagamento'), `storia della posizione: ${history}`);
      await shootAndAudit(admin, screenshots, 'bo-posizione-storia-desktop');
      await onPhone(phone, new URL(admin.url()).pathname, 'bo-posizione-storia');
    } finally {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    }
  });

  suite.test(
    'back-office story: a clerk imports a CSV, sees the progress, the counts and the rejects, and gets the avvisi ZIP',
    async () => {
      try {
        const admin = await adminPage(DESKTOP);
        await admin.goto(url('/admin/importazioni'));
        await admin.getByRole('heading', { level: 1, name: 'Importazioni' }).waitFor();
        await admin
          .getByLabel('File CSV delle posizioni')
          .setInputFiles({ name: 'posizioni.csv', mimeType: 'text/csv', buffer: readFileSync(FIXTURE) });
        await admin.getByRole('button', { name: 'Carica e importa' }).click();
        await admin.getByRole('heading', { level: 1, name: /Importazione di posizioni\.csv/ }).waitFor();
        const bar = admin.getByRole('progressbar', { name: 'Avanzamento dell’importazione' });
        await admin.waitForFunction(
          () => document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') === '100',
          undefined,
          {
            timeout: 60_000,
          },
        );
        assert((await bar.getAttribute('aria-valuenow')) === '100', 'la barra non arriva al 100%');
        await admin.getByText('Completata').waitFor();
        const counts = await admin.locator('dl[aria-live=polite]').innerText();
        assert(/Posizioni nuove\s*4/.test(counts) && /Righe scartate\s*17/.test(counts), `conteggi inattesi: ${counts}`);
        await shootAndAudit(admin, screenshots, 'bo-importazione-esito-desktop');
        const rejects = await downloadFrom(
          admin,
          admin.getByRole('link', { name: 'Scarica gli scarti (CSV)' }),
          path.join(screenshots, 'importazione-scarti.csv'),
        );
        const text = readFileSync(rejects, 'utf8');
        assert(text.startsWith('\ufeffriga;colonna;valore;motivo'), `file degli scarti inatteso: ${text.slice(0, 80)}`);

        // The avvisi, drawn by next start's PDF threads (the worker entry compiled by webpack).
        await admin.getByRole('button', { name: 'Prepara gli avvisi' }).click();
        const zipLink = admin.getByRole('link', { name: 'Scarica gli avvisi (ZIP)' });
        await zipLink.waitFor({ timeout: 120_000 });
        const zip = unzipSync(readFileSync(await downloadFrom(admin, zipLink, path.join(screenshots, 'importazione-avvisi.zip'))));
        const names = Object.keys(zip);
        assert(names.length === 4, `avvisi nello ZIP: ${names.join(', ')}`);
        for (const name of names) {
          const nav = /^avviso-(3\d{17})\.pdf$/.exec(name)?.[1];
          assert(nav, `file inatteso nello ZIP: ${name}`);
          const pdfText = execFileSync('pdftotext', ['-', '-'], { input: zip[name] }).toString('utf8');
          assert(pdfText.includes(formatNoticeNumber(nav)), `${name} non riporta il suo codice avviso`);
        }

        const phone = await adminPage(PHONE);
        await onPhone(phone, new URL(admin.url()).pathname, 'bo-importazione-esito');
      } finally {
        await Promise.all(contexts.splice(0).map((c) => c.close()));
      }
    },
  );
}
