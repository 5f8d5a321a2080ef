import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningPortal } from './harness';
import { shootAndAudit } from './page-checks';
import { signInStaff } from './staff-login';

export const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true };
export const PHONE = { viewport: { width: 360, height: 780 }, locale: 'it-IT', isMobile: true, hasTouch: true };

export interface StaffViewports {
  desktop: Page;
  phone: Page;
  /** Opens `pathname` on both and shoots and audits it: `<name>-desktop.png`, `<name>-360.png`. */
  both(pathname: string, name: string): Promise<void>;
  close(): Promise<void>;
}

/** One staff member signed in twice, at 1280 px and at 360 px, for the back-office screens to look at. */
export async function staffOnBothViewports(
  browser: Browser,
  portal: RunningPortal,
  staff: { slug: string; email: string },
  screenshots: string,
): Promise<StaffViewports> {
  const contexts: BrowserContext[] = [];
  const signedIn = async (options: object): Promise<Page> => {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signInStaff(page, portal, staff.slug, staff.email);
    return page;
  };
  try {
    const desktop = await signedIn(DESKTOP);
    const phone = await signedIn(PHONE);
    return {
      desktop,
      phone,
      async both(pathname, name) {
        for (const [page, suffix] of [
          [desktop, 'desktop'],
          [phone, '360'],
        ] as const) {
          await page.goto(portal.url(staff.slug, pathname));
          await shootAndAudit(page, screenshots, `${name}-${suffix}`);
        }
      },
      async close() {
        for (const context of contexts) await context.close();
      },
    };
  } catch (error) {
    for (const context of contexts) await context.close();
    throw error;
  }
}
