import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { axeViolations } from '../axe';
import { assert, type E2EContext, type Suite } from '../harness';

/*
 * The helpdesk of issue 9: Valmora's admin opens a support request with an attachment, the CIT operator
 * finds it, answers it, and the admin reads the answer; a visitor sends «Domande?» without the privacy
 * consent (refused, without JavaScript too) and with it (stored, and read by the CIT). Every page is
 * screenshotted and checked with axe.
 */
const PASSWORD = process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
const SUBJECT = 'Avviso TARI non trovato dal cittadino';
const ANSWER = 'Il codice avviso era stato annullato e riemesso: comunichi al cittadino il nuovo codice che trova nella posizione.';
// Over the «Domande?» form's minimum fill time (3 s), with a margin for a busy machine.
const FILL_TIME_MS = 3500;

async function signIn(ctx: E2EContext, slug: string | null, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true });
  const page = await context.newPage();
  const area = slug ? '/admin' : '/cit';
  await page.goto(ctx.portal.url(slug, `${area}/accedi`));
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForURL(ctx.portal.url(slug, area));
  return { context, page };
}

async function checkPage(ctx: E2EContext, page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ctx.screenshots, `${name}.png`), fullPage: true });
  const violations = await axeViolations(page);
  assert(violations.length === 0, `${name}: violazioni WCAG 2.1 AA:\n  ${violations.join('\n  ')}`);
}

/** At 360 px the page itself does not scroll sideways: only tables do, in their own box. */
async function checkNarrow(ctx: E2EContext, page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 0, `${name}: a 360 px la pagina scorre di lato di ${overflow} px`);
  await checkPage(ctx, page, name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

export function register(suite: Suite, ctx: E2EContext) {
  suite.test('cit-helpdesk: an Ente admin opens a support request and the CIT operator answers it', async () => {
    const admin = await signIn(ctx, 'valmora', 'admin@valmora.example.it');
    const operator = await signIn(ctx, null, 'cit.operatore@provincia.example.it');
    try {
      const { page } = admin;
      await page.goto(ctx.portal.url('valmora', '/admin/assistenza'));
      await page.getByRole('heading', { level: 1, name: 'Assistenza' }).waitFor();
      await checkNarrow(ctx, page, 'assistenza-ente-elenco-360');
      await page.getByRole('link', { name: 'Nuova richiesta' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nuova richiesta di assistenza' }).waitFor();
      // The browser checks the fields with the server's own schema before sending anything, once the form has
      // hydrated: a click before that would post the empty form, which a busy machine made happen.
      await page.waitForLoadState('networkidle');
      await page.getByRole('button', { name: 'Invia la richiesta' }).click();
      await page.getByText('Scegli l’argomento della richiesta').waitFor();
      await page.getByLabel('Argomento').selectOption('pagamenti');
      await page.getByLabel('Oggetto').fill(SUBJECT);
      await page.getByLabel('Descrivi il problema').fill('Il cittadino dice che il codice avviso 3020 0000 0000 0001 23 non esiste.');
      await page.getByLabel('Allegati').setInputFiles({
        name: 'segnalazione.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
      });
      await checkPage(ctx, page, 'assistenza-ente-nuova');
      await page.getByRole('button', { name: 'Invia la richiesta' }).click();
      await page.waitForURL(/\/admin\/assistenza\/[0-9a-f-]{36}$/);
      const requestPath = new URL(page.url()).pathname;
      const requestId = requestPath.split('/').at(-1)!;
      await page.getByRole('heading', { level: 1, name: new RegExp(SUBJECT) }).waitFor();
      await page.getByRole('link', { name: 'segnalazione.pdf' }).waitFor();

      const cit = operator.page;
      await cit.goto(ctx.portal.url(null, '/cit/assistenza?stato=aperta'));
      await cit.getByRole('heading', { level: 1, name: 'Assistenza agli Enti' }).waitFor();
      await checkPage(ctx, cit, 'assistenza-cit-elenco');
      await cit.getByRole('link', { name: SUBJECT }).click();
      await cit.waitForURL(ctx.portal.url(null, `/cit/assistenza/${requestId}`));
      const [download] = await Promise.all([cit.waitForEvent('download'), cit.getByRole('link', { name: 'segnalazione.pdf' }).click()]);
      assert(download.suggestedFilename() === 'segnalazione.pdf', `allegato scaricato come ${download.suggestedFilename()}`);

      await cit.getByLabel('Assegnata a').selectOption({ label: 'Marco Zanardelli (io)' });
      await cit.getByRole('button', { name: 'Assegna' }).click();
      await cit.getByText('Richiesta assegnata.').waitFor();
      await cit.getByRole('textbox', { name: 'Messaggio' }).fill(ANSWER);
      await cit.getByRole('button', { name: 'Invia la risposta' }).click();
      await cit.getByText(ANSWER).waitFor();
      await cit.locator('dd').getByText('In attesa dell’Ente').waitFor();
      await checkPage(ctx, cit, 'assistenza-cit-richiesta');

      await page.reload();
      await page.getByText(ANSWER).waitFor();
      await page.locator('dd').getByText('In attesa dell’Ente').waitFor();
      await checkPage(ctx, page, 'assistenza-ente-richiesta');
      await checkNarrow(ctx, page, 'assistenza-ente-richiesta-360');
      await page.getByRole('button', { name: /Chiudi la richiesta/ }).click();
      await page.locator('dd').getByText('Chiusa').waitFor();
    } finally {
      await admin.context.close();
      await operator.context.close();
    }
  });

  suite.test('cit-helpdesk: «Domande?», a visitor is refused without the consent and the question is stored with it', async () => {
    const name = `Visitatore e2e ${Date.now()}`;
    // Without JavaScript: the page comes back with the refusal and the fields as typed.
    const noScript = await ctx.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const operator = await signIn(ctx, null, 'cit.operatore@provincia.example.it');
    try {
      const home = await noScript.newPage();
      await home.goto(ctx.portal.url(null, '/'));
      await home.getByRole('link', { name: 'Fai una domanda' }).click();
      await home.waitForURL(ctx.portal.url(null, '/domande'));
      await home.getByRole('heading', { level: 1, name: 'Domande?' }).waitFor();
      await home.getByLabel('Nome e cognome').fill(name);
      await home.getByLabel('E-mail', { exact: true }).fill('visitatore.e2e@example.it');
      await home.getByLabel('Ente per cui scrivi').fill('Comune di Borgo Nuovo');
      await home.getByLabel('La tua domanda').fill('Quali documenti servono per aderire al portale dei pagamenti?');
      await home.waitForTimeout(FILL_TIME_MS);
      await home.getByRole('button', { name: 'Invia la domanda' }).click();
      await home.getByText('Per inviare la domanda devi acconsentire al trattamento dei dati personali').first().waitFor();
      assert((await home.getByLabel('Nome e cognome').inputValue()) === name, 'senza JavaScript il nome scritto si è perso');
      // axe needs the page's timers, which do not run without JavaScript: the same page is checked below with it.
      await home.screenshot({ path: path.join(ctx.screenshots, 'domande-rifiutata-senza-consenso.png'), fullPage: true });

      await home.getByLabel(/Acconsento al trattamento/).check();
      await home.waitForTimeout(FILL_TIME_MS);
      await home.getByRole('button', { name: 'Invia la domanda' }).click({ timeout: 30_000 });
      await home
        .getByText('Grazie, la tua domanda è arrivata.')
        .waitFor({ timeout: 30_000 })
        .catch(async (error: unknown) => {
          throw new Error(
            `nessuna conferma: ${(
              await home
                .locator('main')
                .innerText()
                .catch(() => '?')
            ).slice(0, 600)}`,
            { cause: error },
          );
        });
      await home.screenshot({ path: path.join(ctx.screenshots, 'domande-inviata.png'), fullPage: true });

      // With JavaScript the same schema refuses in the browser, before anything is sent.
      const page = await ctx.desktop.newPage();
      await page.goto(ctx.portal.url(null, '/domande'));
      await page.getByLabel('Nome e cognome').fill('Visitatore con JavaScript');
      await page.getByLabel('E-mail', { exact: true }).fill('con.js@example.it');
      await page.getByLabel('La tua domanda').fill('Il servizio è disponibile anche per le Unioni di Comuni?');
      await page.getByRole('button', { name: 'Invia la domanda' }).click();
      await page.getByText('Per inviare la domanda devi acconsentire al trattamento dei dati personali').waitFor({ timeout: 30_000 });
      await checkPage(ctx, page, 'domande-consenso-mancante');
      await page.getByLabel(/Acconsento al trattamento/).check();
      await page.waitForTimeout(FILL_TIME_MS);
      await page.getByRole('button', { name: 'Invia la domanda' }).click();
      await page.getByText('Grazie, la tua domanda è arrivata.').waitFor({ timeout: 30_000 });
      await checkPage(ctx, page, 'domande-inviata-con-js');
      await page.close();

      const cit = operator.page;
      await cit.goto(ctx.portal.url(null, '/cit/domande'));
      await checkPage(ctx, cit, 'domande-cit-elenco');
      await cit.getByRole('link', { name: new RegExp(name) }).click();
      await cit.getByRole('heading', { level: 1, name: `Domanda di ${name}` }).waitFor();
      await cit.getByText(/dato il \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}, testo versione/).waitFor();
      await cit
        .getByRole('textbox', { name: 'Risposta' })
        .fill('Il modulo di adesione firmato digitalmente e la delibera di adesione alla convenzione CIT.');
      await cit.getByRole('button', { name: 'Salva la risposta' }).click();
      await cit.getByRole('link', { name: /Scrivi a visitatore\.e2e@example\.it/ }).waitFor();
      const mailto = await cit.getByRole('link', { name: /Scrivi a visitatore/ }).getAttribute('href');
      assert(mailto?.startsWith('mailto:visitatore.e2e%40example.it?subject='), `mailto inatteso: ${mailto}`);
      await checkPage(ctx, cit, 'domande-cit-risposta');
    } finally {
      await noScript.close();
      await operator.context.close();
    }
  });
}
