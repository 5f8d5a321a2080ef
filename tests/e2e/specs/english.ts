import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildNoticeNumber } from '@/lib/pagopa/notice';
import { italianIn } from '../../support/italian-text';
import { wcagViolations } from '../axe';
import { assert, requestWithHost, type E2EContext, type Suite } from '../harness';
import { e2eMailbox, recipientsOf } from '../mailbox';
import { downloadFrom } from '../page-checks';

const ENGLISH_PAYER = 'emanuele.en@example.it';

/*
 * The citizen portal in English: a first visit from an English browser lands on the English address, the whole
 * payment flow (form with its errors, sandbox checkout, outcome, receipt) is in English with no Italian of the
 * catalogue left and no axe-core WCAG 2.1 AA violation, the language switch is remembered, and the Italian
 * addresses and their cache are as before.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  const host = (slug: string | null) => new URL(portal.url(slug, '/')).host;

  async function checkEnglish(page: Page, label: string, failures: string[]) {
    await page.waitForLoadState('networkidle');
    const lang = await page.locator('html').getAttribute('lang');
    if (lang !== 'en') failures.push(`${label}: <html lang="${lang}">`);
    // What is marked lang="it" is Italian on purpose: what the Ente wrote, the switch's «Italiano».
    // innerText of the live page: what is rendered (a detached copy would also give the scripts' payload).
    const text = await page.evaluate(() => {
      const italian = [...document.querySelectorAll<HTMLElement>('[lang="it"]')];
      for (const element of italian) element.style.setProperty('display', 'none');
      const visible = `${document.title} ${document.body.innerText}`;
      for (const element of italian) element.style.removeProperty('display');
      return visible;
    });
    const italian = italianIn(text);
    if (italian.length > 0) failures.push(`${label}: italiano rimasto: ${italian.join(' | ')}`);
    const violations = await wcagViolations(page);
    for (const v of violations) failures.push(`${label}: ${v.id} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  async function shoot(context: BrowserContext, name: string, url: string) {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
    await page.close();
  }

  suite.test(
    'English: an English browser lands on /en, pays in English (axe clean, no Italian), and the switch is remembered',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
      const page = await context.newPage();
      const failures: string[] = [];
      try {
        await page.goto(portal.url('comune-demo', '/servizi/mensa'));
        assert(new URL(page.url()).pathname === '/en/servizi/mensa', `senza scelta, un browser inglese resta su ${page.url()}`);
        await checkEnglish(page, 'service page', failures);

        await page.getByRole('button', { name: 'Proceed to payment' }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: /^Check the .*highlighted field/ })
          .waitFor();
        await checkEnglish(page, 'form with errors', failures);

        await page.getByLabel("Nome e cognome dell'alunno").fill('Luca Rocca');
        await page.getByLabel("Codice fiscale dell'alunno").fill('rccmnl83s18d969h');
        await page.getByLabel('Scuola').selectOption({ index: 1 });
        await page.getByLabel('Mese di riferimento').selectOption('ottobre');
        await page.getByLabel('Tax code (codice fiscale) or VAT number').fill('RCCMNL83S18D969H');
        await page.getByLabel('Full name or company name').fill('Emanuele Rocca');
        await page.getByLabel('E-mail').fill(ENGLISH_PAYER);
        await page.getByLabel(/Quantity/).fill('10');
        await page.getByText('€52.00').waitFor();
        await page.getByRole('button', { name: 'Proceed to payment' }).click();

        // The sandbox stands for the partner's own checkout, in Italian like a real one.
        await page.waitForURL(/\/sandbox\/checkout\//);
        await page.getByRole('button', { name: /^Paga / }).click();
        await page.waitForURL(/\/en\/pagamento\/esito/);
        await page.getByRole('heading', { name: 'Payment completed' }).waitFor({ timeout: 30_000 });
        await checkEnglish(page, 'payment outcome', failures);
        // The ricevuta stays Italian (its layout is regulated): it downloads from the English page all the same.
        const pdf = await downloadFrom(
          page,
          page.getByRole('link', { name: /Download the receipt/ }),
          path.join(screenshots, 'en-ricevuta.pdf'),
        );
        assert(readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', 'la ricevuta scaricata dalla pagina inglese non è un PDF');
        // The receipt e-mail is in the language the payment started in.
        const mail = await (await e2eMailbox()).waitFor((m) => recipientsOf(m).includes(ENGLISH_PAYER));
        if (mail.subject !== 'Payment receipt - Comune di Demo') failures.push(`e-mail: oggetto «${mail.subject}»`);
        for (const fragment of italianIn(mail.text ?? '')) failures.push(`e-mail: «${fragment}» in italiano`);

        for (const [label, pathname] of [
          ['home', '/en'],
          ['search', '/en/cerca?q=mensa'],
          ['pay a notice', '/en/paga-avviso'],
          ['cart', '/en/carrello'],
          ['sign in', '/en/accedi'],
        ] as const) {
          await page.goto(portal.url('comune-demo', pathname));
          await checkEnglish(page, label, failures);
        }
        for (const [label, pathname] of [
          ['provincial home', '/en'],
          ['provincial sign in', '/en/accedi'],
        ] as const) {
          await page.goto(portal.url(null, pathname));
          await checkEnglish(page, label, failures);
        }

        // The switch: back to Italian on the same page, and Italian stays the choice for this English browser.
        await page.goto(portal.url('comune-demo', '/en/carrello'));
        await page.getByRole('link', { name: 'Italiano' }).click();
        await page.waitForURL((url) => url.pathname === '/carrello');
        assert((await page.locator('html').getAttribute('lang')) === 'it', 'dopo «Italiano» la pagina non è in italiano');
        await page.goto(portal.url('comune-demo', '/servizi/mensa'));
        assert(new URL(page.url()).pathname === '/servizi/mensa', `la scelta dell'italiano non è ricordata: ${page.url()}`);
        await page.getByRole('link', { name: 'English' }).click();
        await page.waitForURL((url) => url.pathname === '/en/servizi/mensa');
        await page.goto(portal.url('comune-demo', '/'));
        assert(new URL(page.url()).pathname === '/en', `la scelta dell'inglese non è ricordata: ${page.url()}`);
        assert(failures.length === 0, `pagine in inglese:\n      ${failures.join('\n      ')}`);
      } finally {
        await context.close();
      }
    },
  );

  suite.test('English: the Italian addresses are unchanged and still served from the page cache', async () => {
    for (const [slug, pathname] of [
      ['comune-demo', '/'],
      ['comune-demo', '/servizi/mensa'],
      [null, '/'],
    ] as const) {
      // Italian browsers and clients that send no language get the Italian page at the same address, cached.
      const italianBrowser: Record<string, string> = { accept: 'text/html', 'accept-language': 'it-IT,it;q=0.9' };
      for (const headers of [{}, italianBrowser]) {
        const first = await requestWithHost(portal.port, host(slug), pathname, { headers });
        const again = await requestWithHost(portal.port, host(slug), pathname, { headers });
        assert(first.status === 200 && first.body.includes('<html lang="it"'), `${pathname}: ${first.status}`);
        assert(again.headers['x-nextjs-cache'] === 'HIT', `${pathname}: x-nextjs-cache ${String(again.headers['x-nextjs-cache'])}`);
      }
      const english = localized(pathname);
      const first = await requestWithHost(portal.port, host(slug), english);
      const again = await requestWithHost(portal.port, host(slug), english);
      assert(first.status === 200 && first.body.includes('<html lang="en"'), `${english}: ${first.status}`);
      assert(again.headers['x-nextjs-cache'] === 'HIT', `${english}: x-nextjs-cache ${String(again.headers['x-nextjs-cache'])}`);
      // The redirect of an English browser is never cached, and never set by the cached page itself.
      const redirect = await requestWithHost(portal.port, host(slug), pathname, {
        headers: { accept: 'text/html', 'accept-language': 'en' },
      });
      assert(redirect.status === 307 && redirect.headers['cache-control'] === 'private, no-store', `redirect: ${redirect.status}`);
      assert(first.headers['set-cookie'] === undefined, `${english} imposta un cookie`);
    }
  });

  suite.test('English: «Pay a notice» answers in English, and refuses what an attacker sends as the Italian one does', async () => {
    const lookup = (slug: string, body: string, type = 'application/json') =>
      requestWithHost(portal.port, host(slug), '/en/paga-avviso/verifica', {
        method: 'POST',
        body,
        headers: { 'content-type': type, 'x-forwarded-for': '203.0.113.90' },
      });
    const title = (body: string) => (JSON.parse(body) as { title?: string }).title ?? '';
    // A well-formed number of a year no position has, twice at once: the same neutral English answer.
    const nav = buildNoticeNumber('01', '1999000000001');
    const claim = JSON.stringify({ codice: nav, codiceFiscale: 'RCCMNL83S18D969H' });
    const [first, second] = await Promise.all([lookup('comune-demo', claim), lookup('comune-demo', claim)]);
    for (const answer of [first, second]) {
      assert(answer.status === 404, `avviso inesistente: HTTP ${answer.status}`);
      assert(italianIn(title(answer.body)).length === 0 && /notice/i.test(title(answer.body)), `messaggio: ${answer.body}`);
    }
    const other = await lookup('valmora', claim);
    assert(other.status === 404 && !other.body.includes('Demo'), `altro Ente: HTTP ${other.status}`);
    for (const [label, body, type, status] of [
      ['array', JSON.stringify({ codice: [nav], codiceFiscale: 'RCCMNL83S18D969H' }), 'application/json', 400],
      ['NUL', JSON.stringify({ codice: '3011999\u000000000000148', codiceFiscale: 'RCCMNL83S18D969H' }), 'application/json', 400],
      ['huge', JSON.stringify({ codice: '1', codiceFiscale: 'x'.repeat(10_000) }), 'application/json', 413],
      ['form', 'codice=1&codiceFiscale=2', 'application/x-www-form-urlencoded', 415],
    ] as const) {
      const answer = await lookup('comune-demo', body, type);
      assert(answer.status === status, `${label}: HTTP ${answer.status}`);
      assert(italianIn(title(answer.body)).length === 0, `${label}: ${answer.body}`);
    }
  });

  suite.test('English: screenshots of the English pages at 360 and 1280 px', async () => {
    for (const [width, height] of [
      [360, 780],
      [1280, 900],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
      try {
        for (const [name, slug, pathname] of [
          ['home', 'comune-demo', '/en'],
          ['servizio', 'comune-demo', '/en/servizi/mensa'],
          ['paga-avviso', 'comune-demo', '/en/paga-avviso'],
          ['carrello', 'comune-demo', '/en/carrello'],
          ['accedi', 'comune-demo', '/en/accedi'],
          ['provincia', null, '/en'],
          ['provincia-accedi', null, '/en/accedi'],
        ] as const) {
          await shoot(context, `en-${name}-${width}`, portal.url(slug, pathname));
        }
      } finally {
        await context.close();
      }
    }
  });
}

function localized(pathname: string): string {
  return pathname === '/' ? '/en' : `/en${pathname}`;
}
