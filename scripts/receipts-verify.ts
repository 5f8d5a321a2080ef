import { readConfig } from '@/lib/config';
import { openDatabase, targetFromConfig } from '@/db/client';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';

/** `npm run receipts:verify`: checks every Ente's receipt hash chain; exit code 1 if anything was altered. */
async function main() {
  const handle = await openDatabase(targetFromConfig(readConfig()));
  try {
    const report = await verifyReceiptChains(handle.db);
    for (const p of report.problems) {
      console.log(`ALTERAZIONE ${p.enteSlug}${p.seq !== null ? ` ricevuta n. ${p.seq} (${p.receiptId})` : ''}: ${p.problem}`);
    }
    console.log(`Enti verificati: ${report.entiChecked}, ricevute: ${report.receiptsChecked}, problemi: ${report.problems.length}`);
    process.exitCode = report.problems.length > 0 ? 1 : 0;
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
