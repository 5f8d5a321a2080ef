import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { assert, type E2EContext, type Suite } from '../harness';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** WCAG 2.1 A and AA rules of axe-core on the page as it is now; evaluated through the debugger, so the CSP does not apply. */
async function wcagViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

function describe(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n      ');
}

export function register(suite: Suite, { portal, browser }: E2EContext) {
  suite.test('the citizen pages, the login and the 404 pages have no axe-core WCAG 2.1 AA violations', async () => {
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
    await page.getByLabel('Codice avviso').fill('301202600000000507');
    await page.getByLabel(/Codice fiscale o partita IVA dell/).fill('RCCMNL83S18D969H');
    await page.getByRole('button', { name: "Cerca l'avviso" }).click();
    await page.getByRole('alert').waitFor();
    await check('paga un avviso, nessun risultato');
    await visit('carrello vuoto', 'comune-demo', '/carrello');
    await visit('esito da un altro browser', 'comune-demo', '/pagamento/esito?carrello=00000000-0000-4000-8000-000000000000&esito=ok');
    await visit('accesso back office', 'comune-demo', '/admin/accedi');
    await visit('accesso CIT', null, '/cit/accedi');
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
    await page.waitForURL(/\/sandbox\/checkout\//);
    await page.getByRole('button', { name: /^Paga / }).click();
    await page.getByRole('heading', { name: 'Pagamento completato' }).waitFor({ timeout: 30_000 });
    await check('esito completato');

    await visit('Ente inesistente', 'comune-inesistente', '/');
    await visit('servizio inesistente', 'comune-demo', '/servizi/non-esiste');
    await visit('pagina inesistente', null, '/non-esiste');
    await context.close();
    assert(failures.length === 0, `violazioni di accessibilità:\n    ${failures.join('\n    ')}`);
  });
}
