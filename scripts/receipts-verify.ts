import './env';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '@/lib/config';
import { openDatabase, targetFromConfig } from '@/db/client';
import { AnchorSetupError, parseAnchorPublicKey } from '@/lib/ledger/anchor-keys';
import { readAnchors, type ChainAnchor } from '@/lib/ledger/anchors';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';

/**
 * `npm run receipts:verify [-- --anchors FILE]`: checks every Ente's receipt hash chain and, with an
 * anchor file, that every signed chain head is still in it. Exit code 1 if anything was altered, 2 if it
 * could not check.
 */
async function main() {
  const { values } = parseArgs({ options: { anchors: { type: 'string' } } });
  const config = readConfig();
  let anchors: ChainAnchor[] | undefined;
  let anchorProblems = 0;
  if (values.anchors !== undefined) {
    if (!config.RECEIPTS_ANCHOR_PUBLIC_KEY) {
      throw new AnchorSetupError(
        'RECEIPTS_ANCHOR_PUBLIC_KEY non impostata: senza la chiave pubblica gli ancoraggi non si possono verificare',
      );
    }
    const publicKey = parseAnchorPublicKey(config.RECEIPTS_ANCHOR_PUBLIC_KEY);
    if (!existsSync(values.anchors)) throw new AnchorSetupError(`File degli ancoraggi ${values.anchors} non trovato`);
    const parsed = readAnchors(readFileSync(values.anchors, 'utf8'), publicKey);
    for (const p of parsed.problems) console.log(`ANCORAGGIO NON VALIDO ${values.anchors} riga ${p.line}: ${p.problem}`);
    anchors = parsed.anchors;
    anchorProblems = parsed.problems.length;
  }
  const handle = await openDatabase(targetFromConfig(config));
  try {
    const report = await verifyReceiptChains(handle.db, { anchors });
    for (const p of report.problems) {
      console.log(
        `ALTERAZIONE ${p.enteSlug}${p.seq !== null ? ` ricevuta n. ${p.seq}${p.receiptId ? ` (${p.receiptId})` : ''}` : ''}: ${p.problem}`,
      );
    }
    const anchorSummary = anchors ? `, ancoraggi verificati: ${report.anchorsChecked}, righe non valide: ${anchorProblems}` : '';
    console.log(
      `Enti verificati: ${report.entiChecked}, ricevute: ${report.receiptsChecked}${anchorSummary}, problemi: ${report.problems.length}`,
    );
    process.exitCode = report.problems.length > 0 || anchorProblems > 0 ? 1 : 0;
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof AnchorSetupError ? error.message : error);
  process.exit(2);
});
