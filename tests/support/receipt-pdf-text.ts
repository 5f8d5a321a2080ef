import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { ReceiptDocumentData } from '@/lib/documents/receipt-pdf';

/*
 * @react-pdf ships only ES modules, which jest does not load: the ricevuta is drawn by the real renderer
 * under tsx, in a child process (tests/support/render-receipt-pdf.ts), and only its text comes back.
 */
export function receiptPdfText(data: ReceiptDocumentData): string {
  const { originalDocument: _original, ...receipt } = data.receipt;
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', path.join('tests', 'support', 'render-receipt-pdf.ts')], {
    input: JSON.stringify({ ...data, receipt }),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`ricevuta PDF non disegnata: ${result.stderr || result.error}`);
  return result.stdout;
}
