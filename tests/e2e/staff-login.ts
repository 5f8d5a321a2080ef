import type { Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import type { RunningPortal } from './harness';

export const DEMO_STAFF_PASSWORD = process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD;

/** Signs demo staff in to an Ente's back office through the password login, which lands on /admin. */
export async function signInStaff(page: Page, portal: RunningPortal, slug: string, email: string): Promise<void> {
  await page.goto(portal.url(slug, '/admin/accedi'));
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForURL(portal.url(slug, '/admin'));
}
