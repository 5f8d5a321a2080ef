import { readFileSync } from 'node:fs';
import type { Receipt } from '@/db/schema';
import { renderReceiptPdf, type ReceiptDocumentData } from '@/lib/documents/receipt-pdf';

/** Reads ReceiptDocumentData as JSON on stdin, draws the ricevuta and writes the PDF on stdout. */
async function main(): Promise<void> {
  const input = JSON.parse(readFileSync(0, 'utf8')) as ReceiptDocumentData & {
    receipt: Receipt & { paymentDateTime: string; createdAt: string };
  };
  const receipt: Receipt = {
    ...input.receipt,
    paymentDateTime: new Date(input.receipt.paymentDateTime),
    createdAt: new Date(input.receipt.createdAt),
    originalDocument: null,
  };
  process.stdout.write(await renderReceiptPdf({ ...input, receipt }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
