import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { assert, getWithHost, startPortal, type E2EContext, type EnvOverrides, type RunningPortal, type Suite } from '../harness';
import { fetchInPage } from '../browser-fetch';
import { signInContext } from '../sessions';

/*
 * A Province that is not Brescia installs the portal: an empty embedded database (never the run's shared
 * one), `npm run setup` and `npm run ente:add` from the command line as the operations guide says, then the
 * first admin signs in through the demo IdP and completes the provider's identity in the browser.
 */
const NEW_NAME = 'Regione Esempio';

function runScript(script: string, args: string[], env: EnvOverrides): string {
  // A person's shell on the server: no NODE_ENV, and this installation's own embedded database.
  const shell: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const key of ['NODE_ENV', 'DATABASE_URL', 'DATABASE_MIGRATION_URL', 'DATABASE_APP_ROLE']) delete shell[key];
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', `scripts/${script}`, ...args], {
    env: shell,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert(result.status === 0, `${script}: uscita ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A CIT admin signs in through the demo IdP on the provincial host and renames the provider. */
async function renameProvider(browser: Browser, installed: RunningPortal, admin: RegExp, centreShortName: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(installed.url(null, '/cit'));
  await page.waitForURL(/\/cit\/accedi\?ritorno=%2Fcit/);
  await page.locator('summary', { hasText: 'Entra con SPID' }).click();
  await page.getByRole('link', { name: /IdP dimostrativo/ }).click();
  await page.getByLabel(admin).check();
  await page.getByRole('button', { name: 'Entra e invia i dati' }).click();
  await page.waitForURL(installed.url(null, '/cit'));
  assert(
    (await page.locator('main').innerText()).includes(`Amministratore ${centreShortName}`),
    'ruolo non mostrato con la sigla del centro',
  );
  await page.getByRole('link', { name: /Dati dell.ente gestore del portale/ }).click();
  // The form is a client component: typing before it hydrates would be lost on a busy machine.
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Nome', { exact: true }).fill(NEW_NAME);
  await page.getByLabel('Nome breve').fill(NEW_NAME);
  await page.getByLabel('Nome del centro servizi').fill('Servizi digitali regionali');
  await page.getByLabel('Sigla').fill('SDR');
  await page.getByLabel('E-mail di assistenza').fill('assistenza@regione.example.it');
  await page.getByLabel('Orari di assistenza').fill('Lun-ven 9-13');
  await page.getByRole('button', { name: 'Salva' }).click();
  await page.getByRole('status').filter({ hasText: 'Dati salvati' }).waitFor();
  return page;
}

/** The text of a PDF the portal serves (pdftotext). */
function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'portale-e2e-pdf-')), 'documento.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-']).toString('utf8');
}

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('a new installation: «in preparazione», setup, the first admin edits the provider, «Brescia» nowhere', async () => {
    const port = portal.port + 30;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portale-e2e-nuova-'));
    const own: EnvOverrides = {
      DATABASE_URL: '',
      DATABASE_MIGRATION_URL: '',
      DATABASE_APP_ROLE: '',
      PGLITE_DATA_DIR: dataDir,
      SEED_DEMO_DATA: 'false',
      // The SP's name in the metadata is the provider's, from the database.
      SPID_SP_ORG_NAME: '',
    };

    const empty = await startPortal(port, own);
    try {
      const home = await getWithHost(port, empty.base, '/');
      assert(home.status === 200 && home.body.includes('in preparazione'), `home di un'installazione vuota: HTTP ${home.status}`);
      assert(home.body.includes('npm run setup'), 'la home vuota non dice come completare l’installazione');
      assert(!/brescia/i.test(home.body), 'la home vuota nomina Brescia');
    } finally {
      await empty.stop();
    }

    // PGlite is single-process: the commands run while the portal is stopped.
    const env = { PGLITE_DATA_DIR: dataDir, PORTAL_BASE_DOMAIN: `localhost:${port}`, SEED_DEMO_DATA: 'false' };
    runScript(
      'setup.ts',
      [
        '--name=Provincia di Esempio',
        '--short-name=Provincia di Esempio',
        '--fiscal-code=80008750178',
        '--ipa-code=p_es',
        '--centre-name=Centro servizi digitali',
        '--centre-short-name=CSD',
        '--admin-fiscal-code=BRTLRA75C52B157G',
        '--admin-name=Laura Bertoli',
      ],
      env,
    );
    runScript(
      'ente-add.ts',
      [
        '--name=Comune di Esempio',
        '--kind=comune',
        '--fiscal-code=00841230170',
        '--ipa-code=c_esempio',
        '--slug=esempio',
        '--admin-fiscal-code=FRRPLA70H21B157M',
        '--admin-name=Paolo Ferri',
        '--activate',
      ],
      env,
    );

    const installed = await startPortal(port, own);
    try {
      const page = await renameProvider(browser, installed, /Laura Bertoli/, 'CSD');
      await page.screenshot({ path: path.join(screenshots, 'cit-ente-gestore.png'), fullPage: true });
      await page.goto(installed.url(null, '/'));
      const header = await page.locator('header').innerText();
      assert(header.includes(NEW_NAME), `intestazione della home: ${header}`);
      assert((await page.locator('footer').innerText()).includes('assistenza@regione.example.it'), 'contatti del gestore assenti');
      await page.screenshot({ path: path.join(screenshots, 'provincia-home-altro-gestore.png'), fullPage: true });
      await page.context().close();

      const pages: [string, string][] = [
        [installed.base, '/'],
        [installed.base, '/accedi'],
        [installed.base, '/cit/accedi'],
        [installed.base, '/spid/metadata'],
        [installed.base, '/cie/metadata'],
        [`esempio.${installed.base}`, '/'],
        [`esempio.${installed.base}`, '/accedi'],
        [`esempio.${installed.base}`, '/paga-avviso'],
        [`esempio.${installed.base}`, '/admin/accedi'],
        [`esempio.${installed.base}`, '/pagina-che-non-esiste'],
      ];
      for (const [host, pathname] of pages) {
        const { status, body } = await getWithHost(port, host, pathname);
        assert(status === 200 || status === 404, `${host}${pathname}: HTTP ${status}`);
        assert(!/brescia/i.test(body), `${host}${pathname} nomina Brescia`);
      }
      const metadata = await getWithHost(port, installed.base, '/spid/metadata');
      assert(metadata.body.includes(NEW_NAME), 'il nome del gestore non è nei metadata SPID');
    } finally {
      await installed.stop();
    }
  });

  suite.test('with another provider, «Brescia» is nowhere: pages, the avviso and the ricevuta of the demo Enti', async () => {
    const port = portal.port + 31;
    const demo = await startPortal(port, {
      DATABASE_URL: '',
      DATABASE_MIGRATION_URL: '',
      DATABASE_APP_ROLE: '',
      PGLITE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'portale-e2e-altro-')),
      SPID_SP_ORG_NAME: '',
      WORKER_ENABLED: 'false',
    });
    try {
      const admin = await renameProvider(browser, demo, /Laura Bertoli/, 'CIT');
      await admin.context().close();
      const ente = `comune-demo.${demo.base}`;
      for (const [host, pathname] of [
        [demo.base, '/'],
        [demo.base, '/accedi'],
        [demo.base, '/cit/accedi'],
        [demo.base, '/spid/metadata'],
        [ente, '/'],
        [ente, '/servizi/mensa'],
        [ente, '/paga-avviso'],
        [ente, '/carrello'],
        [ente, '/accedi'],
        [ente, '/admin/accedi'],
      ] as const) {
        const { status, body } = await getWithHost(port, host, pathname);
        assert(status === 200, `${host}${pathname}: HTTP ${status}`);
        assert(!/brescia/i.test(body), `${host}${pathname} nomina Brescia`);
      }
      // Mario's documents, through the signed links of «I miei pagamenti».
      const mario = await browser.newContext();
      await signInContext(mario, ente, { fiscalCode: 'RSSMRA80A01H501U', name: 'Mario Rossi', method: 'spid', level: 2 });
      const area = await mario.newPage();
      await area.goto(demo.url('comune-demo', '/area-personale'));
      const links = await area
        .locator('main a[href*="/avvisi/"], main a[href*="/ricevute/"]')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      assert(
        links.some((l) => l.includes('/avvisi/')) && links.some((l) => l.includes('/ricevute/')),
        `link ai documenti: ${links.join(', ')}`,
      );
      for (const link of links) {
        const { status, body } = await fetchInPage(area, link);
        assert(status === 200, `${link}: HTTP ${status}`);
        const text = pdfText(body);
        assert(!/brescia/i.test(text), `${link} nomina Brescia`);
        if (link.includes('/avvisi/')) assert(text.includes(NEW_NAME), `l'avviso non nomina il nuovo gestore: ${link}`);
      }
      await mario.close();
    } finally {
      await demo.stop();
    }
  });
}
