import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { axeViolations } from './axe';
import { assert } from './harness';

/** How many pixels the page scrolls sideways: a wide table must scroll inside its own container instead. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export async function assertNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const overflow = await horizontalOverflow(page);
  assert(overflow <= 0, `${label}: la pagina scorre in orizzontale di ${overflow}px`);
}

/**
 * A screen to look at: a full-page screenshot `<name>.png`, no axe-core WCAG 2.1 AA violation, and,
 * on a phone-sized viewport, no sideways scroll of the page.
 */
export async function shootAndAudit(page: Page, screenshots: string, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  if ((page.viewportSize()?.width ?? Infinity) < 640) await assertNoHorizontalScroll(page, name);
  const violations = await axeViolations(page);
  assert(violations.length === 0, `axe su ${name}: ${violations.join('; ')}`);
}

/** Clicks a download link and saves what it gives to `saveAs`; returns that path. */
export async function downloadFrom(page: Page, link: Locator, saveAs: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  await download.saveAs(saveAs);
  return saveAs;
}
