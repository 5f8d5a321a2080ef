import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { assert, type RunningPortal } from './harness';
import { downloadFrom } from './page-checks';

export interface CitizenPayment {
  /** The notice number as the outcome page shows it (`3xxx xxxx xxxx xxxx xx`). */
  nav: string;
  /** The signed link of the receipt PDF. */
  receiptHref: string;
  pdfPath: string;
}

/**
 * A citizen pays Comune di Demo's school canteen through the sandbox, from the service form (first sent
 * empty: the errors are announced) to «Pagamento completato», which only the receipt brings, and downloads
 * the receipt PDF. Screenshots and the PDF go to `screenshots`. The e2e suite and the multi-instance test
 * (tests/cluster, through nginx) run this same flow.
 */
export async function payMensaAsCitizen(page: Page, portal: Pick<RunningPortal, 'url'>, screenshots: string): Promise<CitizenPayment> {
  const shot = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  await page.goto(portal.url('comune-demo', '/servizi/mensa'));
  await page.getByRole('button', { name: 'Procedi al pagamento' }).click();
  await page.getByRole('alert').first().waitFor();
  await shot('modulo-errori');

  await page.getByLabel("Nome e cognome dell'alunno").fill('Luca Rocca');
  await page.getByLabel("Codice fiscale dell'alunno").fill('rccmnl83s18d969h');
  await page.getByLabel('Scuola').selectOption({ index: 1 });
  await page.getByLabel('Mese di riferimento').selectOption('ottobre');
  await page.getByLabel('Codice fiscale o partita IVA').fill('RCCMNL83S18D969H');
  await page.getByLabel('Nome e cognome o ragione sociale').fill('Emanuele Rocca');
  await page.getByLabel('E-mail').fill('emanuele@example.it');
  await page.getByLabel(/Quantità/).fill('10');
  await page.getByText('52,00').waitFor();
  await shot('modulo-compilato');
  await page.getByRole('button', { name: 'Procedi al pagamento' }).click();

  await page.waitForURL(/\/sandbox\/checkout\//);
  await page.getByRole('heading', { name: /Paga 52,00/ }).waitFor();
  await shot('sandbox-checkout');
  await page.getByRole('button', { name: /^Paga / }).click();

  await page.waitForURL(/\/pagamento\/esito/);
  await page.getByRole('heading', { name: /Pagamento (in verifica|completato)/ }).waitFor();
  await shot('esito-in-verifica');
  await page.getByRole('heading', { name: 'Pagamento completato' }).waitFor({ timeout: 30_000 });
  await shot('esito-completato');
  const nav = (await page.locator('dd.font-mono').first().innerText()).trim();
  assert(/^3\d{3} \d{4} \d{4} \d{4} \d{2}$/.test(nav), `codice avviso inatteso: ${nav}`);

  const link = page.getByRole('link', { name: /Scarica la ricevuta/ });
  const pdfPath = await downloadFrom(page, link, path.join(screenshots, 'ricevuta.pdf'));
  const text = execFileSync('pdftotext', [pdfPath, '-']).toString('utf8');
  assert(text.includes(nav), `il PDF della ricevuta non contiene il codice avviso ${nav}`);
  assert(text.includes('Comune di Demo') && text.includes('52,00'), 'il PDF della ricevuta non contiene Ente e importo');
  return { nav, receiptHref: (await link.getAttribute('href'))!, pdfPath };
}
