import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startSacerMock, type SacerMock } from '../../mocks/sacer';
import { fetchInPage } from '../browser-fetch';
import { payMensaAsCitizen } from '../citizen-payment';
import { assert, type E2EContext, type Suite } from '../harness';
import { DESKTOP, staffOnBothViewports } from '../staff-viewports';

const ADMIN = 'admin@comune-demo.example.it';
const SACER = {
  ambiente: 'PARER_E2E',
  ente: 'Comune di Demo',
  struttura: 'RICEVUTE_PAGOPA',
  userId: 'ws_comune_demo',
  password: 'password-versatore-e2e',
  tipologie: ['RICEVUTA PAGOPA'],
  registri: ['RT_PAGOPA'],
  formati: ['xml', 'json', 'pdf'],
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Reloads `page` until `done` says so: the daily run is a job of the worker, done a moment after «Invia ora». */
async function reloadUntil(page: Page, what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await done())) {
    assert(Date.now() < deadline, `dopo 60 secondi: ${what}`);
    await new Promise((r) => setTimeout(r, 1_000));
    await page.reload();
  }
}

/** The figure «label» of the status page, as a number. */
async function countOf(page: Page, label: string): Promise<number> {
  const figure = page.locator('section[aria-labelledby="conteggi"] div', {
    has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }),
  });
  return Number((await figure.locator('dd').first().innerText()).replace(/\./g, ''));
}

/*
 * The clerk's conservazione of comune-demo, whose receipts are the seed's two (the TARI instalment and its
 * double payment) and those the other checks paid: first another conservatore (the receipts are enrolled and
 * wait for the day's SInCRO package, built after the day ends: its ZIP and the API are checked in
 * tests/integration), then ParER against the SacER mock of tests/mocks after one more payment: every receipt
 * preserved, a rapporto shown and downloaded with a matching SHA-256. The public manuale for each. Every page
 * at 1280 and 360 px with axe. At the end the conservatore goes back to «Nessuno»: the mock stops with the
 * spec. Also the seed's refunded anomaly, the one page of the refund workflow with a refund recorded.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  const url = (pathname: string) => portal.url('comune-demo', pathname);
  let sacer: SacerMock | undefined;
  suite.afterAll(async () => {
    await sacer?.close();
  });

  suite.test(
    'back office: conservazione — another conservatore, ParER and its rapporto, the manuale; a refunded anomaly (desktop, 360 px, axe)',
    async () => {
      sacer ??= await startSacerMock(SACER);
      const {
        desktop: admin,
        both,
        close,
      } = await staffOnBothViewports(browser, portal, { slug: 'comune-demo', email: ADMIN }, screenshots);
      const citizen = await browser.newContext(DESKTOP);
      try {
        const save = async () => {
          await admin.getByRole('button', { name: 'Salva le impostazioni' }).click();
          await admin.getByRole('status').filter({ hasText: 'Impostazioni salvate.' }).waitFor();
        };
        const runNow = async () => {
          await admin.goto(url('/admin/conservazione'));
          await admin.getByRole('button', { name: 'Invia ora' }).click();
          await admin
            .getByRole('status')
            .filter({ hasText: /Versamento avviato|già in corso/ })
            .waitFor();
        };

        // The seed's double payment, refunded by the Comune's admin.
        await admin.goto(url('/admin/anomalie?stato=risolte'));
        await admin.locator('main h2 a').first().click();
        await admin.getByRole('heading', { level: 2, name: 'Rimborso' }).waitFor();
        assert((await admin.locator('main').innerText()).includes('Bonifico'), 'il rimborso registrato non è mostrato');
        await both(new URL(admin.url()).pathname, 'bo-anomalia-rimborsata');

        await admin.goto(url('/admin'));
        await admin.getByRole('link', { name: 'Conservazione' }).first().click();
        await admin.getByRole('heading', { level: 1, name: 'Conservazione' }).waitFor();
        await both('/admin/conservazione', 'bo-conservazione-non-configurata');

        // Another conservatore: the run enrols the receipts; today's wait for the day's SInCRO package, made after midnight.
        await admin.goto(url('/admin/conservazione/impostazioni'));
        await admin.getByLabel(/Un altro conservatore/).check();
        await admin.getByLabel(/^Conservazione attiva/).check();
        await admin.getByLabel('Codice IPA dell’AOO', { exact: true }).fill('A1B2C3D');
        await admin.getByLabel('Denominazione dell’AOO', { exact: true }).fill('Comune di Demo - Protocollo generale');
        await save();
        await both('/admin/conservazione/impostazioni', 'bo-conservazione-impostazioni-export');
        await runNow();
        await reloadUntil(admin, 'nessuna ricevuta presa in carico', async () => (await countOf(admin, 'Da inviare')) > 0);
        await both('/admin/conservazione', 'bo-conservazione-export');
        await both('/admin/conservazione/esportazioni', 'bo-conservazione-esportazioni');
        await both('/conservazione', 'manuale-conservazione-export');
        assert((await admin.locator('main').innerText()).includes('UNI SInCRO'), 'il manuale non descrive il pacchetto giornaliero');

        // A new payment, then ParER: it is preserved and its rapporto kept.
        await payMensaAsCitizen(await citizen.newPage(), portal, screenshots);
        await admin.goto(url('/admin/conservazione/impostazioni'));
        await admin.getByLabel(/^ParER/).check();
        await admin.getByLabel(/^Codice del registro/).fill(SACER.registri[0]!);
        await admin.getByLabel('Indirizzo di SacER', { exact: true }).fill(sacer.url);
        await admin.getByLabel('Ambiente', { exact: true }).fill(SACER.ambiente);
        await admin.getByLabel('Ente in SacER', { exact: true }).fill(SACER.ente);
        await admin.getByLabel('Struttura', { exact: true }).fill(SACER.struttura);
        await admin.getByLabel('Utente versatore', { exact: true }).fill(SACER.userId);
        await admin.getByLabel('Tipologia dell’unità documentaria', { exact: true }).fill(SACER.tipologie[0]!);
        await admin.getByLabel('Tipo del documento principale', { exact: true }).fill('RICEVUTA');
        await admin.getByLabel('Tipo dell’allegato (PDF)', { exact: true }).fill('RICEVUTA PDF');
        await admin.getByLabel('Versione del profilo normativo', { exact: true }).fill('1.0');
        await admin.getByLabel('Password dell’utente versatore', { exact: true }).fill(SACER.password);
        await save();
        assert(!(await admin.content()).includes(SACER.password), 'la password è tornata nella pagina');
        await both('/admin/conservazione/impostazioni', 'bo-conservazione-impostazioni-parer');
        await runNow();
        await reloadUntil(admin, 'nessuna ricevuta conservata', async () => (await countOf(admin, 'Conservata')) > 0);
        assert(sacer.versamenti.size > 0, 'il mock di SacER non ha ricevuto versamenti');
        await both('/admin/conservazione?stato=preserved', 'bo-conservazione-parer');

        await admin.goto(url('/admin/conservazione?stato=preserved'));
        await admin.locator('table tbody a').first().click();
        await admin.getByRole('heading', { level: 2, name: 'Rapporto di versamento' }).waitFor();
        const detail = new URL(admin.url()).pathname;
        const shownRapporto = (
          await admin
            .locator('dd', { has: admin.locator('.font-mono') })
            .filter({ hasText: /^[0-9a-f]{64}$/ })
            .innerText()
        ).trim();
        const rapporto = await fetchInPage(admin, url(`${detail}/rapporto.xml`));
        assert(rapporto.status === 200 && sha256(rapporto.body) === shownRapporto, 'il rapporto scaricato non ha lo SHA-256 mostrato');
        assert(
          [...sacer.versamenti.values()].some((v) => v.rapporto === rapporto.body.toString('utf8')),
          'il rapporto non è quello emesso da SacER',
        );
        await both(detail, 'bo-conservazione-ricevuta');

        await both('/conservazione', 'manuale-conservazione-parer');
        assert((await admin.locator('main').innerText()).includes('ParER'), 'il manuale non nomina ParER');

        await admin.goto(url('/admin/conservazione/impostazioni'));
        await admin.getByLabel('Nessuno', { exact: true }).check();
        await save();
      } finally {
        await citizen.close();
        await close();
      }
    },
  );
}
