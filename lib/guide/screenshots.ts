import { existsSync } from 'node:fs';
import path from 'node:path';

/** The guide's screenshots: written by tests/e2e/specs/guida-screenshots.ts at this viewport, committed to the repository. */
export const GUIDE_SCREENSHOT_DIR = path.join('public', 'guida');
export const GUIDE_VIEWPORT = { width: 1280, height: 800 } as const;

/** The public address of a task's screenshot, or undefined while none was taken (a page added since the last e2e run). */
export function guideScreenshotUrl(slug: string): string | undefined {
  return existsSync(path.join(process.cwd(), GUIDE_SCREENSHOT_DIR, `${slug}.png`)) ? `/guida/${slug}.png` : undefined;
}
