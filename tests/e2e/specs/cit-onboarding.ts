import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from '../axe';
import { assert, type E2EContext, type Suite } from '../harness';
import { cadesP7m, makeSigner, plainPdf } from '../../support/signed-documents';

/*
 * Issue 9, onboarding: a CIT operator registers an Ente and walks its adhesion file to `attivo`; its
 * subdomain shows the "not active yet" page before and its portal after. A CIT admin then suspends and
 * reactivates it (the operator is not offered those steps).
 */
const SLUG = 'borgo-e2e';
const NAME = 'Comune di Borgo E2E';

async function citPage(browser: Browser, portal: E2EContext['portal'], email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const page = await context.newPage();
  await page.goto(portal.url(null, '/cit/accedi'));
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('demo-pagamenti');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForURL(portal.url(null, '/cit'));
  return page;
}

/** Submits one step's form and waits for its confirmation. */
async function submitStep(page: Page, button: string, confirmation: string | RegExp) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('status').filter({ hasText: confirmation }).first().waitFor();
}

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('onboarding: a CIT operator registers an Ente and walks it to attivo; its subdomain starts serving its portal', async () => {
    const page = await citPage(browser, portal, 'cit.operatore@provincia.example.it');
    try {
      await page.goto(portal.url(null, '/cit/enti'));
      await page.getByRole('link', { name: 'Registra un Ente' }).click();
      await page.getByLabel('Nome dell’Ente').fill(NAME);
      await page.getByLabel('Codice fiscale').fill('00841230170');
      await page.getByLabel('Codice IPA').fill('c_borgoe2e');
      await page.getByLabel('Sottodominio').fill(SLUG);
      await page.getByLabel(/Abitanti al 31.12.2013/).fill('4100');
      await page.getByRole('button', { name: 'Registra l’Ente' }).click();
      await page.waitForURL(/\/cit\/enti\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: NAME }).waitFor();

      const before = await page.context().newPage();
      const waiting = await before.goto(portal.url(SLUG));
      assert(waiting?.status() === 404, `prima dell’attivazione: HTTP ${waiting?.status()}`);
      await before.getByRole('heading', { name: 'Portale non ancora attivo' }).waitFor();
      await before.screenshot({ path: path.join(screenshots, 'portale-non-attivo.png'), fullPage: true });

      await page.getByLabel('Numero della deliberazione').fill('51/2016');
      await page.getByLabel('Data della deliberazione').fill('2016-07-12');
      await submitStep(page, 'Salva la deliberazione', 'Deliberazione registrata.');
      const signer = makeSigner({ CN: 'Giovanni Bianchi' });
      await page.getByLabel('Modulo di adesione', { exact: true }).setInputFiles({
        name: 'modulo-adesione.pdf.p7m',
        mimeType: 'application/pkcs7-mime',
        buffer: cadesP7m(signer),
      });
      await submitStep(page, 'Carica il modulo', /Modulo caricato/);
      await page.getByText('Giovanni Bianchi', { exact: false }).first().waitFor();
      // A change of state replaces the step's form (and its message) with the next one's.
      await page.getByRole('button', { name: 'Avvia l’attivazione' }).click();
      await page.getByRole('button', { name: 'Attiva il portale' }).waitFor();

      await page.getByLabel('Nome e cognome').fill('Giovanni Bianchi');
      await page.getByLabel('Codice fiscale', { exact: true }).last().fill('BNCGNN75C12B157J');
      await submitStep(page, 'Nomina il referente', /Referente nominato/);
      await page.getByLabel('Partner compatibile').selectOption('sandbox');
      await submitStep(page, 'Assegna il partner', 'Partner assegnato.');
      for (const [kind, name] of [
        ['lettera_adesione', 'lettera-adesione.pdf'],
        ['piano_attivazione', 'piano-attivazione.pdf'],
      ]) {
        await page.getByLabel('Documento', { exact: true }).selectOption(kind!);
        await page.getByLabel('File', { exact: true }).setInputFiles({ name: name!, mimeType: 'application/pdf', buffer: plainPdf(name) });
        await submitStep(page, 'Carica il documento', 'Documento caricato.');
      }
      assert((await page.getByRole('button', { name: 'Sospendi' }).count()) === 0, 'l’operatore vede la sospensione');
      await submitStep(page, 'Attiva il portale', 'Stato aggiornato: Attivo.');
      await page
        .getByText(/attivo dal/)
        .first()
        .waitFor();
      await page.screenshot({ path: path.join(screenshots, 'cit-adesione.png'), fullPage: true });
      const violations = await axeViolations(page);
      assert(violations.length === 0, `axe: ${violations.join('; ')}`);

      const served = await before.goto(portal.url(SLUG));
      assert(served?.status() === 200, `dopo l’attivazione: HTTP ${served?.status()}`);
      await before.getByRole('heading', { name: 'Portale non ancora attivo' }).waitFor({ state: 'detached' });
      assert((await before.title()).includes(NAME), `titolo: ${await before.title()}`);

      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto(portal.url(null, '/cit/enti'));
      await page.getByRole('link', { name: NAME }).waitFor();
      await page.screenshot({ path: path.join(screenshots, 'cit-enti-360.png'), fullPage: true });
      const listViolations = await axeViolations(page);
      assert(listViolations.length === 0, `axe elenco: ${listViolations.join('; ')}`);
    } finally {
      await page.context().close();
    }
  });

  suite.test('onboarding: a CIT admin suspends the Ente (its subdomain says so) and reactivates it', async () => {
    const page = await citPage(browser, portal, 'cit.admin@provincia.example.it');
    try {
      await page.goto(portal.url(null, `/cit/enti?q=${SLUG}`));
      await page.getByRole('link', { name: NAME }).click();
      await page.locator('summary', { hasText: 'Sospendi l’Ente' }).click();
      await page.getByLabel('Motivo della sospensione').fill('Verifica della configurazione del partner');
      await page.getByRole('button', { name: 'Sospendi', exact: true }).click();
      await page.getByRole('button', { name: 'Riattiva l’Ente' }).waitFor();
      const citizen = await page.context().newPage();
      await citizen.goto(portal.url(SLUG));
      await citizen.getByRole('heading', { name: 'Servizio sospeso' }).waitFor();
      await page.getByRole('button', { name: 'Riattiva l’Ente' }).click();
      await page.locator('summary', { hasText: 'Sospendi l’Ente' }).waitFor();
      const back = await citizen.goto(portal.url(SLUG));
      assert(back?.status() === 200, `dopo la riattivazione: HTTP ${back?.status()}`);
    } finally {
      await page.context().close();
    }
  });
}
