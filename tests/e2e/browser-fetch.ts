import type { Page } from 'playwright-core';

/**
 * GET a URL from inside the page, with its cookies, and return status and bytes. Chromium resolves
 * *.localhost; Node's resolver (behind playwright's `context.request`) does not.
 */
export async function fetchInPage(page: Page, url: string): Promise<{ status: number; body: Buffer }> {
  const { status, base64 } = await page.evaluate(async (target) => {
    const response = await fetch(target);
    const bytes = new Uint8Array(await response.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return { status: response.status, base64: btoa(binary) };
  }, url);
  return { status, body: Buffer.from(base64, 'base64') };
}
