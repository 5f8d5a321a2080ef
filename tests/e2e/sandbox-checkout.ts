import type { Page } from 'playwright-core';

/**
 * On the sandbox partner's checkout: pays, and waits until the outcome page shows the payment completed,
 * that is until the receipt has arrived through the signed callback.
 */
export async function payAtSandboxCheckout(page: Page): Promise<void> {
  await page.waitForURL(/\/sandbox\/checkout\//);
  await page.getByRole('button', { name: /^Paga / }).click();
  await page.getByRole('heading', { name: 'Pagamento completato' }).waitFor({ timeout: 30_000 });
}
