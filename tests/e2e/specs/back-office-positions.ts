import { fetchInPage } from '../browser-fetch';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CITIZEN_FISCAL_CODE, PERSONAS } from '../../support/personas';
import { assert, type E2EContext, type Suite } from '../harness';
import { signInContext } from '../sessions';
import { userIdByPasswordLogin } from './authorization';

/*
 * The Ente's back office, positions slice: the dashboard, a position created at the counter with its avviso,
 * then cancelled with a reason and found by the cancelled filter. Sara is Valmora's admin.
 */
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'it-IT' };
const PHONE = { viewport: { width: 360, height: 780 }, locale: 'it-IT', isMobile: true, hasTouch: true };

async function noHorizontalScroll(page: Page, label: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 0, `${label}: la pagina scorre in orizzontale di ${overflow}px a 360px`);
}

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  const host = `valmora.${portal.base}`;
  const sara = PERSONAS.find((p) => p.label.startsWith('Sara'))!;

  async function saraPage(options: object) {
    const context = await browser.newContext(options);
    const userId = await userIdByPasswordLogin(portal.port, host, sara.email!);
    await signInContext(context, host, { userId, fiscalCode: sara.fiscalCode!, name: 'Sara Bonetti', method: 'spid', level: 2 });
    return { context, page: await context.newPage() };
  }

  suite.test('back office: the dashboard shows its figures and a chart with a table, on desktop and at 360 px', async () => {
    for (const [options, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, '360'],
    ] as const) {
      const { context, page } = await saraPage(options);
      await page.goto(portal.url('valmora', '/admin'));
      await page.getByRole('heading', { level: 1, name: /^Back office di / }).waitFor();
      await page.getByRole('img', { name: /Pagamenti al giorno/ }).waitFor();
      assert((await page.locator('details table tbody tr').count()) === 90, 'la tabella del grafico non ha 90 giorni');
      await page.screenshot({ path: path.join(screenshots, `back-office-riepilogo-${name}.png`), fullPage: true });
      if (name === '360') await noHorizontalScroll(page, 'riepilogo');
      await context.close();
    }
  });

  suite.test('back office: a position created at the counter offers its avviso, then is cancelled with a reason', async () => {
    const { context, page } = await saraPage(DESKTOP);
    await page.goto(portal.url('valmora', '/admin/posizioni/nuova'));
    await page.getByLabel('Servizio').selectOption({ label: 'Trasporto scolastico' });
    await page.getByLabel('Codice fiscale o partita IVA').fill(CITIZEN_FISCAL_CODE);
    await page.getByLabel('Nome e cognome o ragione sociale').fill('Mario Rossi');
    await page.getByLabel('Causale').fill('Scuolabus secondo trimestre - prova e2e');
    await page.getByRole('button', { name: 'Crea la posizione' }).click();
    await page.getByText(/^Posizione creata: avviso/).waitFor();
    const avviso = await page.getByRole('link', { name: /Stampa l’avviso/ }).getAttribute('href');
    assert(avviso?.startsWith('/avvisi/') && avviso.includes('?t='), `link all'avviso inatteso: ${avviso}`);
    const pdf = await fetchInPage(page, portal.url('valmora', avviso!));
    assert(pdf.status === 200 && pdf.body.subarray(0, 5).toString() === '%PDF-', `avviso: HTTP ${pdf.status}`);

    await page.getByRole('link', { name: 'Apri la posizione' }).click();
    await page.getByRole('heading', { name: 'Storia della posizione' }).waitFor();
    await page.getByLabel('Motivo dell’annullamento').fill('Iscrizione ritirata dalla famiglia');
    await page.getByRole('button', { name: 'Annulla la posizione' }).click();
    await page.getByText('Posizione annullata', { exact: true }).first().waitFor();
    await page.screenshot({ path: path.join(screenshots, 'back-office-posizione-storia.png'), fullPage: true });

    await page.goto(portal.url('valmora', '/admin/posizioni?stato=cancelled&testo=scuolabus+e2e'));
    assert((await page.locator('tbody tr').count()) === 1, 'la posizione annullata non è nella lista filtrata');
    await page.screenshot({ path: path.join(screenshots, 'back-office-posizioni.png'), fullPage: true });
    await context.close();
  });
}
