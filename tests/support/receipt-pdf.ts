import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { ReceiptDocumentData } from '@/lib/documents/receipt-pdf';
import { pdfText } from '../e2e/pdf-text';

/*
 * @react-pdf ships only ES modules, which jest does not load: the ricevuta is drawn by the real renderer
 * under tsx, in a child process (tests/support/render-receipt-pdf.ts), and its bytes come back.
 */
export function receiptPdf(data: ReceiptDocumentData): Buffer {
  const { originalDocument: _original, ...receipt } = data.receipt;
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', path.join('tests', 'support', 'render-receipt-pdf.ts')], {
    input: JSON.stringify({ ...data, receipt }),
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`ricevuta PDF non disegnata: ${result.stderr?.toString('utf8') || result.error}`);
  return result.stdout;
}

/** The ricevuta's text, one line per text run (see pdfText). */
export function receiptPdfText(data: ReceiptDocumentData): string {
  return pdfText(receiptPdf(data));
}
