import type * as ReactPdf from '@react-pdf/renderer';

export type ReactPdfModule = typeof ReactPdf;

let loaded: Promise<ReactPdfModule> | undefined;

/**
 * @react-pdf/renderer, loaded once on first use. Its packages are ESM-only with "import"-only exports.
 */
export function loadReactPdf(): Promise<ReactPdfModule> {
  // A real import(), which tsx and Next leave to Node's ESM loader: tsx loads our TypeScript as CommonJS, and require() of these packages fails.
  loaded ??= import('@react-pdf/renderer').then((pdf) => {
    // No hyphenation: codes, e-mail addresses and names must never be split across lines.
    pdf.Font.registerHyphenationCallback((word) => [word]);
    return pdf;
  });
  return loaded;
}
