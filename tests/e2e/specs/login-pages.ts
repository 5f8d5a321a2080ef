import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_IDENTITIES } from '@/lib/auth/saml/demo-idp/identities';
import { assert, startPortal, type E2EContext, type RunningPortal, type Suite } from '../harness';
import { assertNoHorizontalScroll } from '../page-checks';
import { signInContext } from '../sessions';

const MARIO = DEMO_IDENTITIES.find((i) => i.key === 'mario')!;
const AGID_LINKS = {
  'Maggiori informazioni': 'https://www.spid.gov.it/',
  'Non hai SPID?': 'https://www.spid.gov.it/richiedi-spid',
  'Serve aiuto?': 'https://www.spid.gov.it/serve-aiuto',
};

/** A link's address as the browser resolves it (host included). */
async function resolvedHref(page: Page, name: string | RegExp): Promise<URL> {
  return new URL(await page.getByRole('link', { name, exact: typeof name === 'string' }).evaluate((a) => (a as HTMLAnchorElement).href));
}

/** Opens «Entra con SPID» with the keyboard only, as someone without a mouse would. */
async function openSpidMenuByKeyboard(page: Page): Promise<void> {
  await page.locator('summary', { hasText: 'Entra con SPID' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: /^IdP dimostrativo/ }).waitFor();
}

/** A POST of the demo accounts' credentials straight to Auth.js, as a script would send it (CSRF token included). */
async function postCredentials(context: BrowserContext, portal: RunningPortal): Promise<{ session: unknown; cookies: string[] }> {
  const origin = portal.url(null, '');
  const { csrfToken } = (await (await context.request.get(`${origin}/api/auth/csrf`)).json()) as { csrfToken: string };
  await context.request.post(`${origin}/api/auth/callback/credentials`, {
    form: { csrfToken, email: 'admin@comune-demo.example.it', password: 'demo-pagamenti', callbackUrl: `${origin}/cit` },
    maxRedirects: 0,
  });
  const session = await (await context.request.get(`${origin}/api/auth/session`)).json();
  return { session, cookies: (await context.cookies(origin)).map((c) => c.name) };
}

export function register(suite: Suite, { portal, browser, desktop, mobile, screenshots }: E2EContext) {
  const demoHost = `comune-demo.${portal.base}`;
  const demoIdp = `http://${portal.base}/spid/demo-idp`;

  suite.test(
    'login on an Ente: «Entra con SPID» opens by keyboard with the demo IdP and AgID links, «Entra con CIE» beside it',
    async () => {
      const page = await desktop.newPage();
      const response = await page.goto(portal.url('comune-demo', '/accedi?ritorno=/paga-avviso'));
      assert(response?.status() === 200, `HTTP ${response?.status()}`);
      await page.getByRole('heading', { level: 1, name: 'Accedi a Comune di Demo' }).waitFor();
      const text = await page.locator('main').innerText();
      assert(text.includes('I miei pagamenti') && text.includes('ricevute'), `spiegazione mancante: ${text}`);
      assert(text.includes('«Comune di Demo»'), "manca il nome dell'Ente mostrato al consenso");

      const cie = await resolvedHref(page, 'Entra con CIE');
      assert(cie.host === demoHost && cie.pathname === '/accedi/cie', `CIE: ${cie.href}`);
      assert(cie.searchParams.get('ritorno') === '/paga-avviso', `CIE, ritorno: ${cie.href}`);
      assert(!(await page.getByRole('link', { name: /^IdP dimostrativo/ }).isVisible()), 'il menu SPID è aperto prima di sceglierlo');
      await page.screenshot({ path: path.join(screenshots, 'accedi-ente-desktop.png'), fullPage: true });

      await openSpidMenuByKeyboard(page);
      const idp = await resolvedHref(page, /^IdP dimostrativo/);
      assert(idp.host === demoHost && idp.pathname === '/accedi/spid', `IdP: ${idp.href}`);
      assert(idp.searchParams.get('idp') === demoIdp, `IdP, entityID: ${idp.searchParams.get('idp')}`);
      assert(idp.searchParams.get('ritorno') === '/paga-avviso', `IdP, ritorno: ${idp.href}`);
      for (const [name, href] of Object.entries(AGID_LINKS)) {
        const link = await resolvedHref(page, name);
        assert(link.href === href, `${name}: ${link.href}`);
      }
      await page.screenshot({ path: path.join(screenshots, 'accedi-menu-spid-desktop.png'), fullPage: true });
      // Tab walks into the menu; Escape closes it and gives the focus back to the button.
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      assert(focused?.startsWith('IdP dimostrativo'), `dopo Tab il fuoco è su: ${focused}`);
      await page.keyboard.press('Escape');
      await page.getByRole('link', { name: /^IdP dimostrativo/ }).waitFor({ state: 'hidden' });
      const back = await page.evaluate(() => document.activeElement?.tagName);
      assert(back === 'SUMMARY', `dopo Esc il fuoco è su ${back}`);
      await page.close();

      const phone = await mobile.newPage();
      await phone.goto(portal.url('comune-demo', '/accedi'));
      await assertNoHorizontalScroll(phone, 'accesso a 360 px');
      await phone.screenshot({ path: path.join(screenshots, 'accedi-ente-mobile.png'), fullPage: true });
      await phone.locator('summary', { hasText: 'Entra con SPID' }).click();
      await phone.getByRole('link', { name: /^IdP dimostrativo/ }).waitFor();
      await assertNoHorizontalScroll(phone, 'menu SPID a 360 px');
      await phone.screenshot({ path: path.join(screenshots, 'accedi-menu-spid-mobile.png'), fullPage: true });
      await phone.close();
    },
  );

  suite.test('a login page keeps only a return path of its own site (?ritorno=)', async () => {
    const page = await desktop.newPage();
    const cases: [string, string][] = [
      ['', '/area-personale'],
      ['?ritorno=%2F%2Fevil.example%2Farea-personale', '/area-personale'],
      ['?ritorno=https%3A%2F%2Fevil.example', '/area-personale'],
      ['?ritorno=%2F%5Cevil.example', '/area-personale'],
      ['?ritorno=%2Fx%0D%0ASet-Cookie%3A%20a%3Db', '/area-personale'],
      ['?ritorno=%2Faccedi', '/area-personale'],
      [`?ritorno=/${'a'.repeat(5000)}`, '/area-personale'],
      ['?ritorno=/carrello&ritorno=//evil.example', '/carrello'],
    ];
    for (const [query, expected] of cases) {
      const response = await page.goto(portal.url('comune-demo', `/accedi${query}`));
      assert(response?.status() === 200, `${query}: HTTP ${response?.status()}`);
      const ritorno = (await resolvedHref(page, 'Entra con CIE')).searchParams.get('ritorno');
      assert(ritorno === expected, `${query.slice(0, 60)}: ritorno ${ritorno}`);
    }
    // The staff logins keep the person in their back office.
    await page.goto(portal.url('comune-demo', '/admin/accedi?ritorno=/area-personale'));
    assert((await resolvedHref(page, 'Entra con CIE')).searchParams.get('ritorno') === '/admin', 'ritorno fuori dal back office');
    await page.goto(portal.url('comune-demo', '/admin'));
    await page.waitForURL(/\/admin\/accedi\?ritorno=%2Fadmin$/);
    assert((await resolvedHref(page, 'Entra con CIE')).searchParams.get('ritorno') === '/admin', 'ritorno dal guard');
    await page.goto(portal.url(null, '/cit/accedi?ritorno=/cit/enti'));
    const cit = await resolvedHref(page, 'Entra con CIE');
    assert(cit.host === portal.base && cit.searchParams.get('ritorno') === '/cit/enti', `CIT: ${cit.href}`);
    await page.close();
  });

  suite.test('the provincial login serves every Ente, on the provincial host', async () => {
    const page = await desktop.newPage();
    await page.goto(portal.url(null, '/accedi'));
    await page.getByRole('heading', { level: 1, name: 'Accedi al portale dei pagamenti' }).waitFor();
    const cie = await resolvedHref(page, 'Entra con CIE');
    assert(cie.host === portal.base && cie.searchParams.get('ritorno') === '/area-personale', `CIE: ${cie.href}`);
    await openSpidMenuByKeyboard(page);
    const idp = await resolvedHref(page, /^IdP dimostrativo/);
    assert(idp.host === portal.base && idp.searchParams.get('idp') === demoIdp, `IdP: ${idp.href}`);
    await page.close();
  });

  suite.test('the staff login offers SPID and CIE, and the password form for the demo accounts', async () => {
    const page = await desktop.newPage();
    await page.goto(portal.url('comune-demo', '/admin/accedi'));
    await page.getByRole('heading', { level: 1, name: 'Area riservata' }).waitFor();
    await page.locator('summary', { hasText: 'Entra con SPID' }).waitFor();
    await page.getByRole('link', { name: 'Entra con CIE' }).waitFor();
    await page.getByText('Accesso con password riservato agli account dimostrativi').waitFor();
    await page.getByLabel('Password').waitFor();
    await page.screenshot({ path: path.join(screenshots, 'accedi-staff-desktop.png'), fullPage: true });
    await page.close();
    const phone = await mobile.newPage();
    await phone.goto(portal.url('comune-demo', '/admin/accedi'));
    await assertNoHorizontalScroll(phone, 'accesso staff a 360 px');
    await phone.screenshot({ path: path.join(screenshots, 'accedi-staff-mobile.png'), fullPage: true });
    await phone.close();

    // Staff already signed in with a role here go straight on.
    const context = await browser.newContext();
    const staff = await context.newPage();
    await staff.goto(portal.url('comune-demo', '/admin/accedi'));
    await staff.getByLabel('E-mail').fill('admin@comune-demo.example.it');
    await staff.getByLabel('Password').fill('demo-pagamenti');
    await staff.getByRole('button', { name: 'Accedi' }).click();
    await staff.waitForURL(portal.url('comune-demo', '/admin'));
    await staff.goto(portal.url('comune-demo', '/admin/accedi'));
    await staff.waitForURL(portal.url('comune-demo', '/admin'));
    await context.close();

    // Control for the next test: with the password login on, a direct POST does sign in.
    const direct = await browser.newContext();
    const { session } = await postCredentials(direct, portal);
    assert(session && typeof session === 'object' && 'user' in session, `POST diretto con password attiva: ${JSON.stringify(session)}`);
    await direct.close();
  });

  suite.test('with STAFF_PASSWORD_LOGIN=false there is no password form, and a direct POST of credentials is refused', async () => {
    const off = await startPortal(portal.port + 7, { STAFF_PASSWORD_LOGIN: 'false' });
    try {
      const context = await browser.newContext({ locale: 'it-IT' });
      const page = await context.newPage();
      await page.goto(off.url('comune-demo', '/admin/accedi'));
      await page.locator('summary', { hasText: 'Entra con SPID' }).waitFor();
      assert((await page.getByLabel('Password').count()) === 0, 'modulo password presente');
      assert(!(await page.locator('main').innerText()).includes('password'), 'la pagina parla ancora di password');
      const { session, cookies } = await postCredentials(context, off);
      assert(session === null || (typeof session === 'object' && !('user' in session)), `sessione creata: ${JSON.stringify(session)}`);
      assert(!cookies.some((c) => c.includes('session-token')), `cookie di sessione: ${cookies}`);
      await context.close();
    } finally {
      await off.stop();
    }
  });

  suite.test('a signed-in citizen sees their name and «Esci» in the header, and the 403 page at /admin', async () => {
    const session = {
      fiscalCode: MARIO.fiscalNumber,
      name: `${MARIO.name} ${MARIO.familyName}`,
      method: 'spid' as const,
      level: 2 as const,
    };
    const signedOut = await desktop.newPage();
    await signedOut.goto(portal.url('comune-demo'));
    const accedi = await resolvedHref(signedOut, 'Accedi');
    assert(accedi.host === demoHost && accedi.pathname === '/accedi', `Accedi: ${accedi.href}`);
    await signedOut.close();

    for (const [label, options] of [
      ['desktop', { viewport: { width: 1280, height: 900 } }],
      ['mobile', { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true }],
    ] as const) {
      const context = await browser.newContext({ ...options, locale: 'it-IT' });
      await signInContext(context, demoHost, session);
      const page = await context.newPage();
      await page.goto(portal.url('comune-demo'));
      const header = page.locator('header');
      await header.locator('summary', { hasText: 'Mario Rossi' }).click();
      const mine = await resolvedHref(page, 'I miei pagamenti');
      assert(mine.host === demoHost && mine.pathname === '/area-personale', `I miei pagamenti: ${mine.href}`);
      await header.getByRole('button', { name: 'Esci' }).waitFor();
      assert((await header.getByRole('link', { name: 'Accedi', exact: true }).count()) === 0, '«Accedi» con la sessione aperta');
      await assertNoHorizontalScroll(page, `intestazione con il nome (${label})`);
      await page.screenshot({ path: path.join(screenshots, `menu-utente-${label}.png`) });

      const response = await page.goto(portal.url('comune-demo', '/admin'));
      assert(response?.status() === 403, `/admin per un cittadino: HTTP ${response?.status()}`);
      await page.getByRole('heading', { name: 'Accesso non consentito' }).waitFor();
      const text = await page.locator('main').innerText();
      assert(text.includes('Sei entrato come Mario Rossi con SPID'), `chi sei: ${text}`);
      assert(text.includes("chiedi all'amministratore del tuo Ente"), `cosa fare: ${text}`);
      await assertNoHorizontalScroll(page, `403 (${label})`);
      await page.screenshot({ path: path.join(screenshots, `403-${label}.png`), fullPage: true });

      if (label === 'desktop') {
        await page.goto(portal.url('comune-demo', '/admin/accedi'));
        await page.getByText('Questo account non ha un ruolo').waitFor();
        assert((await page.getByLabel('Password').count()) === 0, 'modulo password con la sessione di un cittadino');
        await page.goto(portal.url('comune-demo', '/admin'));
        await page.locator('main').getByRole('button', { name: 'Esci' }).click();
        await page.waitForURL(portal.url('comune-demo'));
        await page.locator('header').getByRole('link', { name: 'Accedi', exact: true }).waitFor();
      }
      await context.close();
    }
  });
}
