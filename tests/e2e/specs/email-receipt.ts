import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { payMensaAsCitizen } from '../citizen-payment';
import { assert, type E2EContext, type Suite } from '../harness';
import { e2eMailbox, recipientsOf } from '../mailbox';
import { downloadFrom } from '../page-checks';

const PAYER_EMAIL = 'emanuele@example.it';

/*
 * The receipt e-mail as the citizen gets it: paid in the browser, delivered by the portal's worker to this run's SMTP
 * relay (tests/e2e/mailbox.ts), read as a mail client would (both parts), its link followed to the ricevuta PDF.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('e-mail: a citizen pays, the receipt e-mail arrives with both parts, its link downloads the ricevuta', async () => {
    const mailbox = await e2eMailbox();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const paid = await payMensaAsCitizen(page, portal, screenshots);
      const digits = paid.nav.replace(/ /g, '');
      const mail = await mailbox.waitFor((m) => recipientsOf(m).includes(PAYER_EMAIL) && (m.text ?? '').replace(/ /g, '').includes(digits));

      assert(mail.subject === 'Ricevuta di pagamento - Comune di Demo', `oggetto: ${mail.subject}`);
      const html = typeof mail.html === 'string' ? mail.html : '';
      assert(html.includes('Comune di Demo') && html.includes('52,00'), 'la parte HTML non ha Ente e importo');
      assert((mail.text ?? '').includes('52,00'), 'la parte di testo non ha l’importo');
      // The payer's name and fiscal code are in the payment, never in the e-mail.
      for (const personal of ['Emanuele', 'RCCMNL83S18D969H'])
        assert(!`${mail.subject} ${mail.text} ${html}`.includes(personal), `dato personale nell’e-mail: ${personal}`);

      const link = /Scarica la ricevuta: (\S+)/.exec(mail.text ?? '')?.[1] ?? '';
      assert(link.startsWith(portal.url('comune-demo', '/ricevute/')), `link della ricevuta: ${link}`);
      assert(html.includes(`href="${link.replace(/&/g, '&amp;')}"`), 'la parte HTML non ha lo stesso link');

      // The message as a mail client shows it, then its button clicked.
      const reader = await context.newPage();
      await reader.setViewportSize({ width: 700, height: 900 });
      await reader.setContent(html);
      await reader.screenshot({ path: path.join(screenshots, 'email-ricevuta.png'), fullPage: true });
      const pdfPath = await downloadFrom(
        reader,
        reader.getByRole('link', { name: 'Scarica la ricevuta' }),
        path.join(screenshots, 'ricevuta-da-email.pdf'),
      );
      const text = execFileSync('pdftotext', [pdfPath, '-']).toString('utf8');
      assert(text.includes(paid.nav) && text.includes('Comune di Demo'), 'il PDF dal link dell’e-mail non è la ricevuta del pagamento');
    } finally {
      await context.close();
    }
  });
}
