import { renderToStaticMarkup } from 'react-dom/server';

export type Rendered = { status: 200; html: string } | { status: 403 | 404 | 307 };

/**
 * A server page as Next would answer it: its HTML, or the status its guard threw (403, 404, the login
 * redirect). The test file sets process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS so that forbidden() throws.
 */
export async function renderPage(run: () => Promise<React.ReactElement>): Promise<Rendered> {
  try {
    return { status: 200, html: renderToStaticMarkup(await run()) };
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? '');
    if (digest.endsWith(';403')) return { status: 403 };
    if (digest.endsWith(';404')) return { status: 404 };
    if (digest.startsWith('NEXT_REDIRECT')) return { status: 307 };
    throw error;
  }
}
