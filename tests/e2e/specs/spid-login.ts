import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { axeViolations } from '../axe';
import { assert, getWithHost, type E2EContext, type Suite } from '../harness';

type SessionJson = { portal?: { fiscalCode?: string; method?: string; level?: number } } | null;

/** The signed-in person on that host, as Auth.js reports it (read by the browser, which resolves *.localhost). */
async function sessionOn(context: BrowserContext, url: string): Promise<SessionJson> {
  const tab = await context.newPage();
  try {
    await tab.goto(url);
    return JSON.parse(await tab.locator('body').innerText()) as SessionJson;
  } finally {
    await tab.close();
  }
}

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  // SPID with the demo IdP and the run's own SP key pair are in every e2e portal's settings (spid-env.ts).
  const PORT = portal.port;
  suite.test('SPID and CIE sign-in through the demo IdP, and an IdP error page (desktop and 360 px, axe)', async () => {
    const p = portal;
    // The SP metadata lives on the base domain only.
    const metadata = await getWithHost(PORT, p.base, '/spid/metadata');
    assert(metadata.status === 200 && metadata.body.includes('Pagamenti - Comune di Demo'), `metadata: HTTP ${metadata.status}`);
    assert((await getWithHost(PORT, `comune-demo.${p.base}`, '/spid/metadata')).status === 404, 'metadata su un host di Ente');
    assert((await getWithHost(PORT, `comune-demo.${p.base}`, '/spid/demo-idp')).status === 404, 'IdP dimostrativo su un host di Ente');
    const demoIdp = encodeURIComponent(`http://${p.base}/spid/demo-idp`);
    const failures: string[] = [];

    // SPID: Mario, from a citizen page of comune-demo, lands back signed in.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    await page.goto(p.url('comune-demo', `/accedi/spid?idp=${demoIdp}&ritorno=/`));
    await page.getByRole('heading', { level: 1, name: /Accesso con SPID/ }).waitFor();
    assert((await page.locator('body').innerText()).includes('IdP dimostrativo — solo per prove'), 'avviso «solo per prove» assente');
    await page.screenshot({ path: path.join(screenshots, 'demo-idp-desktop.png'), fullPage: true });
    failures.push(...(await axeViolations(page)).map((v) => `IdP dimostrativo: ${v}`));
    await page.getByLabel(/Mario Rossi/).check();
    await page.getByRole('button', { name: 'Entra e invia i dati' }).click();
    await page.waitForURL(p.url('comune-demo', '/'));
    const spid = await sessionOn(context, p.url('comune-demo', '/api/auth/session'));
    assert(spid?.portal?.fiscalCode === 'RSSMRA80A01H501U' && spid.portal.method === 'spid', `sessione SPID: ${JSON.stringify(spid)}`);
    const elsewhere = await sessionOn(context, p.url('valmora', '/api/auth/session'));
    assert(!elsewhere?.portal, 'la sessione di comune-demo vale anche su valmora');
    await context.close();

    // CIE: Giulia, the same way.
    const cieContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const ciePage = await cieContext.newPage();
    await ciePage.goto(p.url('comune-demo', '/accedi/cie?ritorno=/'));
    await ciePage.getByRole('heading', { level: 1, name: /Carta d’Identità Elettronica/ }).waitFor();
    await ciePage.getByLabel(/Giulia Bianchi/).check();
    await ciePage.getByRole('button', { name: 'Entra e invia i dati' }).click();
    await ciePage.waitForURL(p.url('comune-demo', '/'));
    const cie = await sessionOn(cieContext, p.url('comune-demo', '/api/auth/session'));
    assert(cie?.portal?.fiscalCode === 'BNCGLI92H55F205N' && cie.portal.method === 'cie', `sessione CIE: ${JSON.stringify(cie)}`);
    await cieContext.close();

    // Cancel on the IdP: the nr25 page, on a phone too.
    for (const [label, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['360', { width: 360, height: 780 }],
    ] as const) {
      const ctx = await browser.newContext({ viewport, locale: 'it-IT' });
      const tab = await ctx.newPage();
      await tab.goto(p.url('comune-demo', `/accedi/spid?idp=${demoIdp}&ritorno=/`));
      if (label === '360') await tab.screenshot({ path: path.join(screenshots, 'demo-idp-360.png'), fullPage: true });
      const [response] = await Promise.all([
        tab.waitForResponse((r) => r.url().endsWith('/spid/acs')),
        tab.getByRole('button', { name: 'Annulla l’accesso' }).click(),
      ]);
      assert(response.status() === 403, `errore IdP: HTTP ${response.status()}`);
      await tab.getByRole('heading', { level: 1, name: 'Accesso annullato' }).waitFor();
      await tab.screenshot({ path: path.join(screenshots, `errore-idp-${label}.png`), fullPage: true });
      if (label === 'desktop') failures.push(...(await axeViolations(tab)).map((v) => `pagina di errore IdP: ${v}`));
      const back = await tab.getByRole('link', { name: 'Torna alla pagina di accesso' }).getAttribute('href');
      assert(back === p.url('comune-demo', '/accedi?ritorno=%2F'), `link di ritorno: ${back}`);
      await ctx.close();
    }
    assert(failures.length === 0, `violazioni axe:\n${failures.join('\n')}`);
  });

  suite.test('staff sign in with the demo IdP: an Ente admin is refused on another Ente, a CIT operator reaches /cit', async () => {
    const signIn = async (slug: string | null, fullName: RegExp, ritorno: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
      const page = await context.newPage();
      await page.goto(portal.url(slug, ritorno));
      await page.waitForURL(/\/accedi\?ritorno=/);
      await page.locator('summary', { hasText: 'Entra con SPID' }).click();
      await page.getByRole('link', { name: /IdP dimostrativo/ }).click();
      await page.getByLabel(fullName).check();
      await page.getByRole('button', { name: 'Entra e invia i dati' }).click();
      return { context, page };
    };

    // Paolo Ferri administers Comune di Demo: signing in on Valmora's back office gives the 403 page.
    const valmora = await signIn('valmora', /Paolo Ferri/, '/admin');
    await valmora.page.getByRole('heading', { level: 1, name: 'Accesso non consentito' }).waitFor();
    assert((await valmora.page.locator('main').innerText()).includes('Paolo Ferri'), '403 senza il nome di chi è entrato');
    await valmora.context.close();
    // On his own Ente he is in.
    const demo = await signIn('comune-demo', /Paolo Ferri/, '/admin');
    await demo.page.waitForURL(portal.url('comune-demo', '/admin'));
    await demo.page.getByRole('heading', { level: 1, name: /Back office di Comune di Demo/ }).waitFor();
    await demo.context.close();

    // Marco Zanardelli, CIT operator, on the provincial host.
    const cit = await signIn(null, /Marco Zanardelli/, '/cit');
    await cit.page.waitForURL(portal.url(null, '/cit'));
    await cit.page.getByRole('heading', { level: 1, name: 'Cruscotto del portale' }).waitFor();
    assert((await cit.page.locator('main').innerText()).includes('Operatore CIT'), 'ruolo CIT non mostrato');
    await cit.context.close();
  });
}
