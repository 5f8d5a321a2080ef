import { buildNoticeNumber } from '@/lib/pagopa/notice';
import { wcagViolations, type AxeViolation } from '../axe';
import { assert, type E2EContext, type Suite } from '../harness';
import { payAtSandboxCheckout } from '../sandbox-checkout';
import { signInContext } from '../sessions';

function describe(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n      ');
}

export function register(suite: Suite, { portal, browser }: E2EContext) {
  suite.test('the citizen pages, the login pages, the 403 and the 404 pages have no axe-core WCAG 2.1 AA violations', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const failures: string[] = [];
    const check = async (label: string) => {
      // The settled page: a router refresh (after adding to the cart) re-renders the head, title included.
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => document.title !== '', undefined, { timeout: 10_000 });
      const violations = await wcagViolations(page);
      if (violations.length > 0) failures.push(`${label}:\n      ${describe(violations)}`);
    };
    const visit = async (label: string, slug: string | null, pathname: string) => {
      await page.goto(portal.url(slug, pathname));
      await check(label);
    };

    await visit('home provinciale', null, '/');
    await visit('home Ente', 'comune-demo', '/');
    await visit('ricerca nel catalogo', 'comune-demo', '/?q=mensa');
    await visit('pagina di servizio', 'comune-demo', '/servizi/mensa');
    await page.getByRole('button', { name: 'Procedi al pagamento' }).click();
    await page.getByRole('alert').first().waitFor();
    await check('modulo con errori');
    await visit('paga un avviso', 'comune-demo', '/paga-avviso');
    // Well-formed, but of a year no position has: the demo seed's positions take the first numbers of this one.
    await page.getByLabel('Codice avviso').fill(buildNoticeNumber('01', '1999000000001'));
    await page.getByLabel(/Codice fiscale o partita IVA dell/).fill('RCCMNL83S18D969H');
    await page.getByRole('button', { name: "Cerca l'avviso" }).click();
    await page.getByRole('alert').filter({ hasText: 'Nessun avviso' }).waitFor();
    await check('paga un avviso, nessun risultato');
    await visit('carrello vuoto', 'comune-demo', '/carrello');
    await visit('esito da un altro browser', 'comune-demo', '/pagamento/esito?carrello=00000000-0000-4000-8000-000000000000&esito=ok');
    await visit('accesso back office', 'comune-demo', '/admin/accedi');
    await visit('accesso CIT', null, '/cit/accedi');
    await visit('accesso cittadini, Ente', 'comune-demo', '/accedi');
    await page.locator('summary', { hasText: 'Entra con SPID' }).click();
    await page.getByRole('link', { name: 'IdP dimostrativo' }).waitFor();
    await check('menu «Entra con SPID» aperto');
    await visit('accesso cittadini, provinciale', null, '/accedi');
    await visit('errore di accesso OIDC (Ente)', 'comune-demo', '/accedi/oidc/errore?motivo=senza-codice-fiscale&ritorno=/carrello');
    await visit('errore di accesso OIDC (Provincia)', null, '/accedi/oidc/errore?motivo=scaduto');

    // A whole payment: sandbox checkout, cancelled outcome, the notice found again, cart, paid outcome.
    await visit('modulo compilato', 'comune-demo', '/servizi/carta-identita');
    await page.getByLabel('Nome e cognome del richiedente').fill('Marta Gialli');
    await page.getByLabel('Codice fiscale del richiedente').fill('RCCMNL83S18D969H');
    await page.getByLabel('Codice fiscale o partita IVA').fill('RCCMNL83S18D969H');
    await page.getByLabel('Nome e cognome o ragione sociale').fill('Emanuele Rocca');
    await page.getByRole('button', { name: 'Procedi al pagamento' }).click();
    await page.waitForURL(/\/sandbox\/checkout\//);
    await check('checkout sandbox');
    const nav = (await page.locator('.font-mono').first().innerText()).replace(/\s/g, '');
    await page.getByRole('button', { name: 'Annulla' }).click();
    await page.getByRole('heading', { name: 'Pagamento annullato' }).waitFor();
    await check('esito annullato');
    await visit('paga un avviso', 'comune-demo', '/paga-avviso');
    await page.getByLabel('Codice avviso').fill(nav);
    await page.getByLabel(/Codice fiscale o partita IVA dell/).fill('RCCMNL83S18D969H');
    await page.getByRole('button', { name: "Cerca l'avviso" }).click();
    await page.getByRole('button', { name: 'Aggiungi al carrello' }).click();
    await page.getByRole('status').filter({ hasText: 'Avviso aggiunto' }).waitFor();
    await check('paga un avviso, avviso trovato');
    await visit('carrello con un avviso', 'comune-demo', '/carrello');
    await page.getByRole('button', { name: /^Paga / }).click();
    await payAtSandboxCheckout(page);
    await check('esito completato');

    // «I miei pagamenti» of a demo citizen (minted session), on an Ente's host and on the provincial one.
    const mario = { fiscalCode: 'RSSMRA80A01H501U', name: 'Mario Rossi', method: 'spid' as const, level: 2 as const };
    await signInContext(context, `comune-demo.${portal.base}`, mario);
    await signInContext(context, portal.base, mario);
    await visit('area personale Ente', 'comune-demo', '/area-personale');
    await visit('area personale provinciale', null, '/area-personale');

    await visit('Ente inesistente', 'comune-inesistente', '/');
    await visit('servizio inesistente', 'comune-demo', '/servizi/non-esiste');
    await visit('pagina inesistente', null, '/non-esiste');

    // Signed in as a citizen: the header's menu, the 403 page, a staff login that cannot help.
    await signInContext(context, `comune-demo.${portal.base}`, { fiscalCode: 'RSSMRA80A01H501U', name: 'Mario Rossi', method: 'spid' });
    await visit('intestazione con la sessione', 'comune-demo', '/');
    await page.locator('header summary', { hasText: 'Mario Rossi' }).click();
    await page.getByRole('link', { name: 'I miei pagamenti' }).waitFor();
    await check('menu della persona aperto');
    await visit('pagina 403', 'comune-demo', '/admin');
    await visit('accesso staff con la sessione di un cittadino', 'comune-demo', '/admin/accedi');
    await context.close();
    assert(failures.length === 0, `violazioni di accessibilità:\n    ${failures.join('\n    ')}`);
  });
}
