import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assert, type E2EContext, type Suite } from '../harness';
import { downloadFrom } from '../page-checks';
import { staffOnBothViewports } from '../staff-viewports';

const ADMIN = 'admin@comune-demo.example.it';

/*
 * Issue 10's back-office screens on comune-demo, whose seed has one flusso di rendicontazione (db/seed/
 * reporting.ts): the flows, a flow's payments, the anomaly, the accounting export, and the partner
 * connection page. Each on desktop and at 360 px, with axe and no sideways scroll.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  const url = (pathname: string) => portal.url('comune-demo', pathname);

  suite.test(
    'back office: reconciliation — the demo flow, its payments, the anomaly, the export; the partner page (desktop, 360 px, axe)',
    async () => {
      const {
        desktop: admin,
        both,
        close,
      } = await staffOnBothViewports(browser, portal, { slug: 'comune-demo', email: ADMIN }, screenshots);
      try {
        await admin.goto(url('/admin'));
        await admin.getByRole('link', { name: 'Riconciliazione' }).first().click();
        await admin.getByRole('heading', { level: 1, name: 'Riconciliazione' }).waitFor();
        const flows = admin.getByRole('table', { name: /Flussi di rendicontazione/ });
        assert((await flows.innerText()).includes('Intesa Sanpaolo'), 'il flusso dimostrativo non è elencato');
        await both('/admin/riconciliazione', 'bo-riconciliazione');

        await admin.goto(url('/admin/riconciliazione'));
        await flows.locator('tbody a').first().click();
        await admin.waitForURL(/\/admin\/riconciliazione\/[0-9a-f-]{36}$/);
        const detail = await admin.locator('main').innerText();
        assert(detail.includes('SCT-DEMO-') && detail.includes('01999999999999999'), `dettaglio del flusso: ${detail.slice(0, 300)}`);
        await both(new URL(admin.url()).pathname, 'bo-flusso');

        await admin.goto(url('/admin/riconciliazione/anomalie'));
        assert(
          (await admin.locator('main').innerText()).includes('01999999999999999'),
          'il pagamento senza ricevuta non è tra le anomalie',
        );
        await both('/admin/riconciliazione/anomalie', 'bo-riconciliazione-anomalie');

        await admin.goto(url('/admin/riconciliazione'));
        const csv = readFileSync(
          await downloadFrom(admin, admin.getByRole('link', { name: 'Esporta in CSV' }), path.join(screenshots, 'riconciliazione.csv')),
          'utf8',
        );
        assert(csv.includes('SCT-DEMO-') && csv.includes('01999999999999999'), `export CSV: ${csv.slice(0, 300)}`);

        await both('/admin/impostazioni/partner', 'bo-partner');
      } finally {
        await close();
      }
    },
  );
}
