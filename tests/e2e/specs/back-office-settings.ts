import path from 'node:path';
import { assert, type E2EContext, type Suite } from '../harness';
import { signInStaff } from '../staff-login';

/*
 * An Ente's admin manages API keys and staff in the browser: the key is shown once and never again, a
 * revoked key says so, a colleague invited by fiscal code appears in the list.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('an admin creates and revokes an API key and invites a colleague', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    try {
      await signInStaff(page, portal, 'valmora', 'admin@valmora.example.it');

      await page.goto(portal.url('valmora', '/admin/impostazioni/api'));
      await page.getByLabel('A cosa serve').fill('Gestionale e2e');
      await page.getByRole('button', { name: 'Crea la chiave' }).click();
      const key = await page.getByLabel('Chiave', { exact: true }).inputValue();
      assert(/^pk_[A-Za-z0-9_-]{43}$/.test(key), `chiave mostrata non valida: ${key}`);
      await page.screenshot({ path: path.join(screenshots, 'chiavi-api.png'), fullPage: true });
      await page.reload();
      assert(!(await page.content()).includes(key), 'la chiave è ancora nella pagina dopo il ricaricamento');
      const row = page.locator('tr', { hasText: 'Gestionale e2e' });
      await row.getByRole('button', { name: /Revoca/ }).click();
      await row.getByText(/^Revocata il/).waitFor();

      await page.goto(portal.url('valmora', '/admin/personale'));
      const invite = page.locator('section[aria-labelledby="invita"]');
      await invite.getByLabel('Codice fiscale').fill('nrenna90l45b157o');
      await invite.getByLabel('Nome e cognome').fill('Anna Neri');
      await invite.getByLabel(/^Consultazione/).check();
      await invite.getByRole('button', { name: 'Aggiungi al personale' }).click();
      await page.getByRole('status').filter({ hasText: 'Anna Neri è stato aggiunto' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Anna Neri' }).waitFor();
      await page.screenshot({ path: path.join(screenshots, 'personale.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
}
