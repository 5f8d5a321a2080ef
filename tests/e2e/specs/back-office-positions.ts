import { fetchInPage } from '../browser-fetch';
import { CITIZEN_FISCAL_CODE, PERSONAS } from '../../support/personas';
import { assert, type E2EContext, type Suite } from '../harness';
import { signInContext } from '../sessions';
import { userIdByPasswordLogin } from './authorization';

/*
 * The Ente's back office, positions slice: a position created at the counter with its avviso, then cancelled
 * with a reason and found by the cancelled filter. Sara is Valmora's admin. The dashboard, the lists and the
 * history are looked at, on desktop and at 360 px, in back-office-story.ts.
 */
export function register(suite: Suite, { portal, browser }: E2EContext) {
  const host = `valmora.${portal.base}`;
  const sara = PERSONAS.find((p) => p.label.startsWith('Sara'))!;

  async function saraPage() {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const userId = await userIdByPasswordLogin(portal.port, host, sara.email!);
    await signInContext(context, host, { userId, fiscalCode: sara.fiscalCode!, name: 'Sara Bonetti', method: 'spid', level: 2 });
    return { context, page: await context.newPage() };
  }

  suite.test('back office: a position created at the counter offers its avviso, then is cancelled with a reason', async () => {
    const { context, page } = await saraPage();
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

    await page.goto(portal.url('valmora', '/admin/posizioni?stato=cancelled&testo=scuolabus+e2e'));
    assert((await page.locator('tbody tr').count()) === 1, 'la posizione annullata non è nella lista filtrata');
    await context.close();
  });
}
