import path from 'node:path';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { axeViolations } from '../axe';
import { assert, type E2EContext, type Suite } from '../harness';

const PASSWORD = process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD;

/** `YYYY-MM-DDTHH:mm` for a datetime-local input, `days` from now at 10:00. */
function localDateTime(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return `${date.toISOString().slice(0, 10)}T10:00`;
}

/*
 * Training in the browser: a CIT operator schedules a session with two seats, Valmora's admin registers to it
 * from the back office and sees the seat taken, and the CIT sees the registration. Attendance needs a session
 * that has started, which the browser cannot wait for: tests/integration/cit-training.test.ts covers it.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('formazione e guida: the CIT schedules a session and an Ente admin registers to it', async () => {
    const title = `Corso e2e ${Date.now()}`;
    const problems: string[] = [];
    const cit = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const ente = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'it-IT' });
    try {
      const citPage = await cit.newPage();
      await citPage.goto(portal.url(null, '/cit/accedi'));
      await citPage.getByLabel('E-mail').fill('cit.operatore@provincia.example.it');
      await citPage.getByLabel('Password').fill(PASSWORD);
      await citPage.getByRole('button', { name: 'Accedi' }).click();
      await citPage.waitForURL(portal.url(null, '/cit'));
      await citPage.goto(portal.url(null, '/cit/formazione'));
      const form = citPage.locator('section[aria-labelledby="nuova"]');
      await form.getByRole('button', { name: 'Programma la sessione' }).click();
      await form.getByText('Scrivi il titolo').first().waitFor();
      await form.getByLabel('Titolo').fill(title);
      await form.getByLabel('Data e ora di inizio').fill(localDateTime(30));
      await form.getByLabel('Durata in minuti').fill('90');
      await form.getByLabel(/^Collegamento online/).fill('https://videoconferenza.example.it/corso');
      await form.getByLabel('Posti disponibili').fill('2');
      await form.getByRole('button', { name: 'Programma la sessione' }).click();
      await citPage.getByRole('status').filter({ hasText: 'Sessione programmata' }).waitFor();
      await citPage.getByRole('link', { name: title }).waitFor();
      problems.push(...(await axeViolations(citPage)).map((v) => `/cit/formazione: ${v}`));
      await citPage.screenshot({ path: path.join(screenshots, 'cit-formazione.png'), fullPage: true });

      const page = await ente.newPage();
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(portal.url('valmora', '/admin/accedi'));
      await page.getByLabel('E-mail').fill('admin@valmora.example.it');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Accedi' }).click();
      await page.waitForURL(portal.url('valmora', '/admin'));
      await page.goto(portal.url('valmora', '/admin/formazione'));
      const card = page.locator('li', { has: page.getByRole('heading', { name: title }) });
      await card.getByText('2 su 2').waitFor();
      await card.getByRole('button', { name: `Iscriviti a ${title}` }).click();
      await card.getByText('Sei iscritto.').waitFor();
      await card.getByText('1 su 2').waitFor();
      await card.getByRole('link', { name: 'https://videoconferenza.example.it/corso' }).waitFor();
      problems.push(...(await axeViolations(page)).map((v) => `/admin/formazione (360 px): ${v}`));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > 360) problems.push(`/admin/formazione (360 px): la pagina è larga ${wide} px`);
      await page.screenshot({ path: path.join(screenshots, 'admin-formazione-360.png'), fullPage: true });

      await citPage.getByRole('link', { name: title }).click();
      await citPage.getByRole('heading', { level: 1, name: title }).waitFor();
      await citPage.getByRole('cell', { name: 'Sara Bonetti' }).waitFor();
      problems.push(...(await axeViolations(citPage)).map((v) => `/cit/formazione/[id]: ${v}`));
      await citPage.screenshot({ path: path.join(screenshots, 'cit-formazione-sessione.png'), fullPage: true });
      assert(problems.length === 0, `formazione:\n${problems.join('\n')}`);
    } finally {
      await cit.close();
      await ente.close();
    }
  });
}
