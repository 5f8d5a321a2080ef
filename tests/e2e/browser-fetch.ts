import type { Page } from 'playwright-core';

/**
 * GET a URL from inside the page, with its cookies (and `headers`, e.g. an API key), and return status and
 * bytes. Chromium resolves *.localhost; Node's resolver (behind playwright's `context.request`) does not.
 */
export async function fetchInPage(page: Page, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  const { status, base64 } = await page.evaluate(
    async ({ target, sent }) => {
      const response = await fetch(target, { headers: sent });
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return { status: response.status, base64: btoa(binary) };
    },
    { target: url, sent: headers },
  );
  return { status, body: Buffer.from(base64, 'base64') };
}
