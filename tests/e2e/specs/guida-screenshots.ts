import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { GUIDE_SCREENSHOT_DIR, GUIDE_VIEWPORT } from '@/lib/guide/screenshots';
import { GUIDE_TASKS } from '@/lib/guide/tasks';
import { axeViolations } from '../axe';
import { assert, type E2EContext, type Suite } from '../harness';

/*
 * The referente's guide shows the back office as it is: this spec signs in as Comune Demo's admin, opens each
 * task's page and saves its screenshot at a fixed viewport into public/guida/<task>.png (committed, so the
 * guide works without running the tests; rewritten on every run, so it never drifts). Then the guide itself
 * must pass axe and read at 360 px without sideways scrolling.
 */
export function register(suite: Suite, { portal, browser, screenshots }: E2EContext) {
  suite.test('formazione e guida: the guide’s screenshots are retaken, and the guide passes axe at 1280 and 360 px', async () => {
    const context = await browser.newContext({ viewport: GUIDE_VIEWPORT, locale: 'it-IT' });
    const page = await context.newPage();
    try {
      await page.goto(portal.url('comune-demo', '/admin/accedi'));
      await page.getByLabel('E-mail').fill('admin@comune-demo.example.it');
      await page.getByLabel('Password').fill(process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Accedi' }).click();
      await page.waitForURL(portal.url('comune-demo', '/admin'));

      const target = path.join(process.cwd(), GUIDE_SCREENSHOT_DIR);
      // `next start` serves the public files it found at start: a screenshot taken now for the first time shows from the next run.
      const servedSinceStart = existsSync(path.join(target, 'posizioni.png'));
      mkdirSync(target, { recursive: true });
      const missing: string[] = [];
      for (const task of GUIDE_TASKS) {
        const response = await page.goto(portal.url('comune-demo', task.page), { waitUntil: 'networkidle' });
        // A task whose page this build does not have yet keeps its old screenshot (or none): said, not faked.
        if (response?.status() === 404) {
          missing.push(task.page);
          continue;
        }
        assert(response?.status() === 200, `${task.page}: HTTP ${response?.status()}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        // From the back office's menu down: the header above it is the same on every page.
        const top = Math.floor((await page.getByRole('navigation', { name: 'Area riservata' }).boundingBox())!.y) - 16;
        const height = Math.min(GUIDE_VIEWPORT.height, (await page.evaluate(() => document.documentElement.scrollHeight)) - top);
        await page.screenshot({
          path: path.join(target, `${task.slug}.png`),
          fullPage: true,
          clip: { x: 0, y: top, width: GUIDE_VIEWPORT.width, height },
        });
      }
      if (missing.length > 0) console.log(`    guida: pagine assenti in questa versione, nessuna schermata: ${missing.join(', ')}`);

      const problems: string[] = [];
      for (const pathname of ['/admin/guida', ...GUIDE_TASKS.map((t) => `/admin/guida/${t.slug}`)]) {
        await page.goto(portal.url('comune-demo', pathname), { waitUntil: 'networkidle' });
        problems.push(...(await axeViolations(page)).map((v) => `${pathname} (1280 px): ${v}`));
      }
      await page.goto(portal.url('comune-demo', '/admin/guida/posizioni'), { waitUntil: 'networkidle' });
      const shot = page.getByRole('img', { name: /Posizioni debitorie/ });
      assert((await shot.count()) === 1, 'la guida delle posizioni non mostra la schermata con il suo testo alternativo');
      if (servedSinceStart)
        assert(
          await shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
          'la schermata delle posizioni non si carica',
        );
      await page.screenshot({ path: path.join(screenshots, 'guida-posizioni.png'), fullPage: true });

      await page.setViewportSize({ width: 360, height: 740 });
      for (const pathname of ['/admin/guida', '/admin/guida/importazioni']) {
        await page.goto(portal.url('comune-demo', pathname), { waitUntil: 'networkidle' });
        problems.push(...(await axeViolations(page)).map((v) => `${pathname} (360 px): ${v}`));
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (wide > 360) problems.push(`${pathname} (360 px): la pagina è larga ${wide} px`);
      }
      await page.screenshot({ path: path.join(screenshots, 'guida-importazioni-360.png'), fullPage: true });
      assert(problems.length === 0, `guida:\n${problems.join('\n')}`);
    } finally {
      await context.close();
    }
  });
}
