import path from 'node:path';
import { startTestProvider } from '../../support/oidc-test-provider';
import { assert, getWithHost, startPortal, type E2EContext, type Suite } from '../harness';

/**
 * The regional OIDC login in a real browser: a second portal configured for the test provider
 * (oidc-provider on 127.0.0.1), the person types their login at the provider and lands back on the Ente's
 * host with a one-time ticket for `/accedi/completa`; cancelling at the provider shows the Italian page.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('OIDC: sign in at the regional provider from an Ente site and come back with a ticket; cancel shows the page', async () => {
    // Without OIDC configured (the main portal) the route does not exist.
    assert((await getWithHost(portal.port, `comune-demo.${portal.base}`, '/accedi/oidc')).status === 404, 'OIDC spento: atteso 404');

    const port = portal.port + 50;
    const base = `localhost:${port}`;
    const provider = await startTestProvider({ redirectUri: `http://${base}/oidc/callback` });
    const started: { stop(): Promise<void> }[] = [provider];
    try {
      const oidcPortal = await startPortal(port, {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_SCOPE: 'openid profile email fiscal_number',
        OIDC_PROVIDER_NAME: 'BresciaGOV di prova',
      });
      started.push(oidcPortal);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
      started.push({ stop: () => context.close() });
      const page = await context.newPage();
      await page.goto(oidcPortal.url('comune-demo', '/accedi/oidc?ritorno=/carrello'));
      await page.waitForURL(`${provider.issuer}/interaction/**`);
      await page.locator('input[name="login"]').fill('mario');
      await page.locator('input[name="password"]').fill('qualsiasi');
      await page.locator('button[type="submit"]').click();
      await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
      await page.locator('button[type="submit"]').click();
      // The ticket is redeemed on the Ente's host and the person lands where the login started.
      await page.waitForURL(oidcPortal.url('comune-demo', '/carrello'));
      // Read by the browser, which resolves *.localhost (Node's resolver does not).
      await page.goto(oidcPortal.url('comune-demo', '/api/auth/session'));
      const session = JSON.parse(await page.locator('body').innerText()) as { portal?: { method?: string; fiscalCode?: string } } | null;
      assert(session?.portal?.method === 'oidc' && session.portal.fiscalCode?.length === 16, `sessione OIDC: ${JSON.stringify(session)}`);
      const keys = await context.cookies(oidcPortal.url('comune-demo'));
      assert(
        keys.some((c) => c.name === 'pagamenti' && c.domain === `comune-demo.localhost`),
        'il browser non ha la chiave che lega il ticket',
      );

      // The callback is the base domain's only.
      const onEnte = await getWithHost(port, `comune-demo.${base}`, '/oidc/callback?state=x&code=y');
      assert(onEnte.status === 404, `callback su un Ente: HTTP ${onEnte.status}`);

      for (const [viewport, name] of [
        [{ width: 1280, height: 900 }, 'oidc-annullato-desktop.png'],
        [{ width: 360, height: 780 }, 'oidc-annullato-360.png'],
      ] as const) {
        const cancel = await browser.newPage({ viewport, locale: 'it-IT' });
        await cancel.goto(oidcPortal.url('valmora', '/accedi/oidc?ritorno=/area-personale'));
        await cancel.waitForURL(`${provider.issuer}/interaction/**`);
        await cancel.goto(`${cancel.url()}/abort`);
        await cancel.waitForURL(/\/accedi\/oidc\/errore\?motivo=annullato/);
        assert(new URL(cancel.url()).host === `valmora.${base}`, `pagina d'errore su ${cancel.url()}`);
        await cancel.getByRole('heading', { name: 'Accesso annullato' }).waitFor();
        assert((await cancel.title()).startsWith('Accesso annullato'), `titolo: ${await cancel.title()}`);
        const link = await cancel.getByRole('link', { name: 'Torna alla pagina di accesso' }).getAttribute('href');
        assert(link === '/accedi?ritorno=%2Farea-personale', `link di ritorno: ${link}`);
        await cancel.screenshot({ path: path.join(screenshots, name), fullPage: true });
        await cancel.close();
      }
    } finally {
      for (const running of started.reverse()) await running.stop();
    }
  });
}
