import path from 'node:path';
import { axeViolations } from '../axe';
import { assert, type E2EContext, type Suite } from '../harness';
import { signInStaff } from '../staff-login';

/*
 * An Ente's admin gives the portal the key of the Ente's App IO service: the page then says a key is stored,
 * with its last four characters, and never shows the key again. IO is switched off again at the end, so
 * that no later check makes the worker call the real IO with a made-up key.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('App IO service key: an admin saves it, the page shows it stored without revealing it, axe clean', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const key = 'e2e0f1a2b3c4d5e6f708192a3b4c5d6e';
    try {
      await signInStaff(page, portal, 'valmora', 'admin@valmora.example.it');
      await page.goto(portal.url('valmora', '/admin/impostazioni/notifiche'));
      // The form is a client component: acting before it hydrates would be lost on a busy machine.
      await page.waitForLoadState('networkidle');
      const field = page.getByLabel(/^Chiave del servizio IO/);
      assert((await field.getAttribute('type')) === 'password', 'la chiave non è un campo password');
      await page.getByText('Non impostata.').waitFor();

      // On without a key: refused, with the reason beside the field.
      await page.getByLabel('Invia i messaggi anche su App IO').check();
      await page.getByRole('button', { name: 'Salva le impostazioni' }).click();
      await page.getByText('Inserisci la chiave del servizio IO').waitFor();

      await field.fill(key);
      await page.getByRole('button', { name: 'Salva le impostazioni' }).click();
      await page.getByRole('status').filter({ hasText: 'Impostazioni salvate' }).waitFor();
      // The form refreshes the page after saving: a reload in the middle would cut that request.
      await page.waitForLoadState('networkidle');
      await page.reload();
      await page.getByText('Impostata, termina con 5d6e: lascia vuoto per mantenerla.').waitFor();
      // The switch takes its stored value once the form hydrates.
      await page.locator('#notifiche-ioEnabled:checked').waitFor();
      assert((await page.getByLabel(/^Chiave del servizio IO/).inputValue()) === '', 'il campo della chiave non è vuoto');
      assert(!(await page.content()).includes(key), 'la chiave compare nella pagina');
      const violations = await axeViolations(page);
      assert(violations.length === 0, `axe: ${violations.join('; ')}`);
      await page.screenshot({ path: path.join(screenshots, 'impostazioni-app-io.png'), fullPage: true });

      // Off again; saved without a key, the stored one stays.
      await page.getByLabel('Invia i messaggi anche su App IO').uncheck();
      await page.getByRole('button', { name: 'Salva le impostazioni' }).click();
      await page.getByRole('status').filter({ hasText: 'Impostazioni salvate' }).waitFor();
      // The form refreshes the page after saving: a reload in the middle would cut that request.
      await page.waitForLoadState('networkidle');
      await page.reload();
      await page.getByText('Impostata, termina con 5d6e').waitFor();
      await page.waitForLoadState('networkidle');
      assert((await page.getByLabel('Invia i messaggi anche su App IO').isChecked()) === false, 'App IO è ancora attivo');
    } finally {
      await context.close();
    }
  });
}
