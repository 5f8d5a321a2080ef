import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { DEMO_CIT_STAFF, DEMO_ENTI } from '@/db/seed/enti';
import { startCheckoutMock, type CheckoutMock } from '../../mocks/checkout';
import { startGovpayMock, type GovpayMock } from '../../mocks/govpay';
import { startGpdMock, type GpdMock } from '../../mocks/gpd';
import { assert, type E2EContext, type RunningPortal, type Suite } from '../harness';
import { downloadFrom } from '../page-checks';
import { pdfText } from '../pdf-text';

/*
 * A citizen pays end to end through each real protocol, against the partner mocks of tests/mocks started in
 * this process: the CIT admin records the partner's protocol in the registry, assigns the partner to an active
 * Ente, configures its connection with the mocks' addresses and keys, verifies it and generates the inbound
 * credential, which is handed to the mock. The mock checkout page's «Paga» makes the partner mock pay the
 * notice and push the receipt to the portal, as the real partner would, before sending the browser back. At
 * the end the CIT admin puts the Ente back on the sandbox, as the rest of the suite expects.
 */

const CIT_ADMIN = DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!;
const GOVPAY_ENTE = DEMO_ENTI.find((e) => e.slug === 'castel-oglio')!;
const GPD_ENTE = DEMO_ENTI.find((e) => e.slug === 'ronchi-franciacorta')!;
const GOVPAY_PSP = 'Banca del Mock GovPay S.p.A.';
const GOVPAY_PUSH_DELAY_MS = 2_000;
const GPD_PSP = { id: 'MOCKITM1', name: 'PSP del Mock GPD S.p.A.', fiscalCode: '00799960158', channel: '00799960158_01' };

/** Where the mock sends a push: the address the page shows, on the loopback the portal listens to. */
type Push = { url: string; username: string; password: string };

interface Mocks {
  govpay: GovpayMock;
  govpayCheckout: CheckoutMock;
  gpd: GpdMock;
  gpdCheckout: CheckoutMock;
  /** Filled in by each check once the CIT admin has generated the Ente's inbound credential. */
  push: { govpay?: Push; gpd?: Push };
  /** GovPay's pushes, sent after the payer is back: each resolves to null, or to what went wrong. */
  govpayPushes: Promise<string | null>[];
  close(): Promise<void>;
}

async function startMocks(): Promise<Mocks> {
  const push: Mocks['push'] = {};
  const govpayPushes: Mocks['govpayPushes'] = [];
  const govpay = await startGovpayMock({
    idA2A: 'PORTALE',
    username: 'portale-e2e',
    password: 'segreto-govpay-e2e',
    companyNames: { [GOVPAY_ENTE.fiscalCode]: GOVPAY_ENTE.name },
  });
  const govpayCheckout = await startCheckoutMock({
    subscriptionKey: 'chiave-checkout-govpay',
    // GovPay collects the notice at the Nodo; its connector pushes the receipt a moment later, when the payer
    // is already back on the outcome page, which must wait for it.
    onPay(cart) {
      const target = push.govpay;
      if (!target) throw new Error('credenziale per le notifiche non ancora consegnata al mock GovPay');
      for (const notice of cart.paymentNotices) {
        const ricevuta = govpay.pay(notice.noticeNumber, { pspName: GOVPAY_PSP, idPSP: 'MOCKITM1', feeCents: 100 });
        govpayPushes.push(
          new Promise((resolve) => setTimeout(resolve, GOVPAY_PUSH_DELAY_MS))
            .then(() => govpay.pushReceipt(target.url, { username: target.username, password: target.password }, ricevuta))
            .then(
              (answer) => (answer.status === 201 ? null : `push GovPay: HTTP ${answer.status} ${answer.body}`),
              (error: unknown) => `push GovPay: ${String(error)}`,
            ),
        );
      }
    },
  });
  const gpd = await startGpdMock({ gpdKey: 'chiave-gpd-e2e', receiptsKey: 'chiave-ricevute-e2e', psp: GPD_PSP });
  const gpdCheckout = await startCheckoutMock({
    subscriptionKey: 'chiave-checkout-gpd',
    // The Nodo collects the notice (GPD marks it paid) and the intermediary forwards paSendRTV2 to the portal.
    async onPay(cart) {
      const target = push.gpd;
      if (!target) throw new Error('credenziale per le notifiche non ancora consegnata al mock GPD');
      for (const notice of cart.paymentNotices) {
        gpd.pay(notice.noticeNumber, { paymentNote: cart.idCart });
        const answer = await gpd.pushReceipt(target.url, notice.noticeNumber, {
          basic: { username: target.username, password: target.password },
        });
        if (answer.status !== 200 || !answer.body.includes('<outcome>OK</outcome>'))
          throw new Error(`push paSendRTV2: HTTP ${answer.status} ${answer.body}`);
      }
    },
  });
  return {
    govpay,
    govpayCheckout,
    gpd,
    gpdCheckout,
    push,
    govpayPushes,
    async close() {
      await Promise.all([govpay.close(), govpayCheckout.close(), gpd.close(), gpdCheckout.close()]);
    },
  };
}

async function citAdminPage(browser: Browser, portal: RunningPortal): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const page = await context.newPage();
  // «Genera una nuova credenziale» asks for confirmation when the Ente already has one (a second run).
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(portal.url(null, '/cit/accedi'));
  await page.getByLabel('E-mail').fill(CIT_ADMIN.email);
  await page.getByLabel('Password').fill(process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForURL((url) => url.pathname === '/cit');
  return page;
}

/** The registry records how the portal talks to this partner. */
async function setRegistryProtocol(page: Page, portal: RunningPortal, code: string, protocolLabel: string): Promise<void> {
  await page.goto(portal.url(null, `/cit/partner/${code}`));
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Protocollo', { exact: true }).selectOption({ label: protocolLabel });
  await page.getByRole('button', { name: 'Salva compatibilità e protocollo' }).click();
  await page.getByRole('status').filter({ hasText: 'Salvato: il partner si può assegnare.' }).waitFor();
}

/** Opens the Ente's adhesion file from the CIT's list of Enti. */
async function openAdhesionFile(page: Page, portal: RunningPortal, enteName: string): Promise<void> {
  await page.goto(portal.url(null, '/cit/enti'));
  await page.getByRole('link', { name: enteName, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: enteName }).waitFor();
  await page.waitForLoadState('networkidle');
}

/** Step 4 of the adhesion file: an active Ente changes partner. */
async function assignPartner(page: Page, portal: RunningPortal, enteName: string, code: string): Promise<void> {
  await openAdhesionFile(page, portal, enteName);
  await page.getByLabel('Partner compatibile').selectOption(code);
  await page.getByRole('button', { name: 'Assegna il partner' }).click();
  await page.getByRole('status').filter({ hasText: 'Partner assegnato.' }).waitFor();
}

/** The adhesion file's step 4 sums the connection up: configured, with its credential, last verified with success. */
async function assertConnectionSummary(page: Page, portal: RunningPortal, enteName: string, protocolLabel: string): Promise<void> {
  await openAdhesionFile(page, portal, enteName);
  const step = page.locator('li').filter({ has: page.getByRole('heading', { name: /Partner tecnologico/ }) });
  const text = await step.innerText();
  for (const expected of ['configurato', protocolLabel, 'credenziale per le notifiche impostata', 'riuscita'])
    assert(text.includes(expected), `fascicolo, passo 4: manca «${expected}» in ${text}`);
}

/** «Verifica collegamento» succeeds; then the credential is generated and read from the page, where it is shown once. */
async function verifyAndIssueCredential(page: Page, portal: RunningPortal, endpointLabel: RegExp): Promise<Push> {
  await page.getByRole('button', { name: 'Verifica collegamento' }).click();
  await page.getByRole('status').filter({ hasText: 'Verifica completata: tutte le operazioni riescono.' }).waitFor();
  await page.getByText(/: riuscita$/).waitFor();

  await page.getByRole('button', { name: /^Genera (la|una nuova) credenziale$/ }).click();
  const issued = page.getByRole('status').filter({ hasText: 'Credenziale generata' });
  await issued.waitFor();
  const values = await issued.locator('dd').allInnerTexts();
  assert(values.length === 2 && values[1]!.trim().length >= 20, `credenziale mostrata: ${values.join(' | ')}`);
  const shown = (await issued.locator('li').filter({ hasText: endpointLabel }).locator('.font-mono').innerText()).trim();
  const url = new URL(shown);
  assert(url.host === portal.base, `indirizzo per le notifiche inatteso: ${shown}`);
  // The partner reaches the portal's own listener; /api/partners answers on every Host.
  url.host = `127.0.0.1:${portal.port}`;
  return { url: url.toString(), username: values[0]!.trim(), password: values[1]!.trim() };
}

/**
 * The citizen pays the CIE fee (fixed 22,21 €, no login) on the Ente's portal, at the mock checkout page,
 * comes back to the outcome page with the payment completed and downloads the ricevuta.
 */
async function citizenPays(
  context: BrowserContext,
  portal: RunningPortal,
  slug: string,
  screenshots: string,
  shot: string,
): Promise<{ nav: string; pdf: string }> {
  const page = await context.newPage();
  await page.goto(portal.url(slug, '/servizi/carta-identita'));
  await page.getByLabel('Nome e cognome del richiedente').fill('Giulia Neri');
  await page.getByLabel('Codice fiscale del richiedente').fill('RCCMNL83S18D969H');
  await page.getByLabel('Codice fiscale o partita IVA').fill('RCCMNL83S18D969H');
  await page.getByLabel('Nome e cognome o ragione sociale').fill('Emanuele Rocca');
  await page.getByRole('button', { name: 'Procedi al pagamento' }).click();

  await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/c\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Riepilogo del pagamento' }).waitFor();
  const summary = await page.locator('main').innerText();
  assert(summary.includes('22,21'), `la pagina di pagamento non mostra 22,21 €: ${summary}`);
  await page.screenshot({ path: path.join(screenshots, `${shot}-checkout.png`), fullPage: true });
  await page.getByRole('button', { name: 'Paga', exact: true }).click();

  await page.waitForURL(/\/pagamento\/esito\?.*esito=ok/);
  // Coming back from checkout proves nothing: until the receipt is pushed the page says so and re-asks.
  const first = page.getByRole('heading', { name: /^Pagamento (in verifica|completato)$/ });
  await first.waitFor();
  if ((await first.innerText()).includes('in verifica'))
    await page.screenshot({ path: path.join(screenshots, `${shot}-esito-in-verifica.png`), fullPage: true });
  await page.getByRole('heading', { name: 'Pagamento completato' }).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(screenshots, `${shot}-esito.png`), fullPage: true });
  const nav = (await page.locator('dd.font-mono').first().innerText()).replace(/\s/g, '');
  assert(/^3\d{17}$/.test(nav), `codice avviso inatteso: ${nav}`);
  assert(summary.includes(nav), `la pagina di pagamento mostrava un altro avviso di ${nav}`);
  const saved = await downloadFrom(
    page,
    page.getByRole('link', { name: /Scarica la ricevuta/ }),
    path.join(screenshots, `${shot}-ricevuta.pdf`),
  );
  await page.close();
  return { nav, pdf: saved };
}

/** The ricevuta's text, kept beside it for whoever looks at a failed run. */
function receiptText(file: string): string {
  const bytes = readFileSync(file);
  assert(bytes.subarray(0, 5).toString() === '%PDF-', 'la ricevuta non è un PDF');
  const text = pdfText(bytes);
  writeFileSync(`${file}.txt`, text);
  return text;
}

export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  let mocks: Promise<Mocks> | undefined;
  const started = () => (mocks ??= startMocks());
  suite.afterAll(async () => {
    if (mocks) await (await mocks).close();
  });

  suite.test('mock partner GovPay: the CIT connects an Ente to GovPay and a citizen pays, the receipt comes back by push', async () => {
    const { govpay, govpayCheckout, push, govpayPushes } = await started();
    const cit = await citAdminPage(browser, portal);
    const citizen = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true });
    try {
      await setRegistryProtocol(cit, portal, 'nordcom_tim', 'GovPay (API REST)');
      await assignPartner(cit, portal, GOVPAY_ENTE.name, 'nordcom_tim');
      await cit.getByText('collegamento da configurare').waitFor();
      await cit.getByRole('link', { name: 'Configura il collegamento con il partner' }).click();
      await cit.getByRole('heading', { level: 1, name: `Collegamento con il partner: ${GOVPAY_ENTE.name}` }).waitFor();
      await cit.waitForLoadState('networkidle');
      assert(
        await cit.getByRole('radio', { name: 'GovPay (API Pendenze v2 e Ragioneria v3)' }).isChecked(),
        'protocollo del registro non proposto',
      );
      await cit.getByRole('textbox', { name: 'API Pendenze v2', exact: true }).fill(govpay.pendenzeUrl);
      await cit.getByRole('textbox', { name: 'API Ragioneria v3', exact: true }).fill(govpay.ragioneriaUrl);
      await cit.getByRole('textbox', { name: 'Checkout di pagoPA', exact: true }).fill(govpayCheckout.checkoutUrl);
      await cit.getByRole('textbox', { name: /\(idA2A\)/ }).fill('PORTALE');
      await cit.getByRole('textbox', { name: /\(idTipoPendenza\)/ }).fill('SERVIZI_CITTADINO');
      await cit.getByRole('radio', { name: 'HTTP Basic (nome utente e password)' }).check();
      await cit.getByRole('textbox', { name: /^Nome utente \(Basic\)/ }).fill('portale-e2e');
      await cit.getByLabel(/^Password \(Basic\)/).fill('segreto-govpay-e2e');
      await cit.getByLabel('Versione dell’API Checkout').selectOption('2');
      await cit.getByLabel(/^Chiave di sottoscrizione Checkout/).fill('chiave-checkout-govpay');
      await cit.getByRole('button', { name: 'Salva il collegamento' }).click();
      await cit.getByRole('status').filter({ hasText: 'Collegamento salvato.' }).waitFor();
      await cit.getByRole('heading', { name: 'Verifica del collegamento' }).waitFor();
      push.govpay = await verifyAndIssueCredential(cit, portal, /^Connettore di notifica/);
      await cit.screenshot({ path: path.join(screenshots, 'mock-govpay-collegamento.png'), fullPage: true });

      const { nav, pdf } = await citizenPays(citizen, portal, GOVPAY_ENTE.slug, screenshots, 'mock-govpay');
      const pushed = await Promise.all(govpayPushes);
      assert(pushed.length === 1 && pushed[0] === null, `notifiche di GovPay: ${pushed.join('; ')}`);
      const pendenza = [...govpay.pendenze.values()].find((p) => p.numeroAvviso === nav);
      assert(pendenza?.stato === 'ESEGUITA', `pendenza ${nav} su GovPay: ${pendenza?.stato}`);
      assert(
        govpay.requests.some((r) => r.method === 'PUT' && r.path.includes('/pendenze/PORTALE/')),
        'la pendenza non è stata caricata con PUT',
      );
      const text = receiptText(pdf);
      const iuv = nav.slice(1);
      assert(text.includes(GOVPAY_PSP), `la ricevuta non nomina il PSP ${GOVPAY_PSP}:\n${text}`);
      assert(text.includes(iuv), `la ricevuta non contiene lo IUV ${iuv}:\n${text}`);

      await assertConnectionSummary(cit, portal, GOVPAY_ENTE.name, 'GovPay (API REST)');
      await assignPartner(cit, portal, GOVPAY_ENTE.name, 'sandbox');
    } finally {
      await citizen.close();
      await cit.context().close();
    }
  });

  suite.test('mock partner GPD: the CIT connects an Ente to GPD + Checkout and a citizen pays, paSendRTV2 comes back by push', async () => {
    const { gpd, gpdCheckout, push } = await started();
    const cit = await citAdminPage(browser, portal);
    const citizen = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true });
    try {
      await setRegistryProtocol(cit, portal, 'unimatica', 'GPD e Checkout di pagoPA');
      await assignPartner(cit, portal, GPD_ENTE.name, 'unimatica');
      await cit.getByText('collegamento da configurare').waitFor();
      await cit.getByRole('link', { name: 'Configura il collegamento con il partner' }).click();
      await cit.getByRole('heading', { level: 1, name: `Collegamento con il partner: ${GPD_ENTE.name}` }).waitFor();
      await cit.waitForLoadState('networkidle');
      assert(await cit.getByRole('radio', { name: 'GPD e Checkout di pagoPA' }).isChecked(), 'protocollo del registro non proposto');
      await cit.getByRole('textbox', { name: 'GPD, posizioni debitorie', exact: true }).fill(gpd.gpdUrl);
      await cit.getByRole('textbox', { name: 'GPD, ricevute', exact: true }).fill(gpd.receiptsUrl);
      await cit.getByRole('textbox', { name: 'Checkout di pagoPA', exact: true }).fill(gpdCheckout.checkoutUrl);
      await cit.getByLabel(/^Chiave GPD/).fill('chiave-gpd-e2e');
      await cit.getByLabel(/^Chiave API ricevute/).fill('chiave-ricevute-e2e');
      await cit.getByLabel('Versione dell’API Checkout').selectOption('2');
      await cit.getByLabel(/^Chiave Checkout/).fill('chiave-checkout-gpd');
      await cit.getByRole('button', { name: 'Salva il collegamento' }).click();
      await cit.getByRole('status').filter({ hasText: 'Collegamento salvato.' }).waitFor();
      await cit.getByRole('heading', { name: 'Verifica del collegamento' }).waitFor();
      push.gpd = await verifyAndIssueCredential(cit, portal, /^Ricevute paSendRTV2/);
      await cit.screenshot({ path: path.join(screenshots, 'mock-gpd-collegamento.png'), fullPage: true });

      const { nav, pdf } = await citizenPays(citizen, portal, GPD_ENTE.slug, screenshots, 'mock-gpd');
      const option = [...gpd.positions.values()].flatMap((p) => p.paymentOption).find((o) => o.nav === nav);
      assert(option?.status === 'PO_PAID', `avviso ${nav} su GPD: ${option?.status}`);
      const text = receiptText(pdf);
      assert(text.includes(GPD_PSP.name), `la ricevuta non nomina il PSP ${GPD_PSP.name}:\n${text}`);
      assert(text.includes(option.iuv), `la ricevuta non contiene lo IUV ${option.iuv}:\n${text}`);

      await assertConnectionSummary(cit, portal, GPD_ENTE.name, 'GPD e Checkout di pagoPA');
      await assignPartner(cit, portal, GPD_ENTE.name, 'sandbox');
    } finally {
      await citizen.close();
      await cit.context().close();
    }
  });
}
