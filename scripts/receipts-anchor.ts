import './env';
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '@/lib/config';
import { openDatabase, targetFromConfig } from '@/db/client';
import { AnchorSetupError, generateAnchorKeyPair, parseAnchorPrivateKey } from '@/lib/ledger/anchor-keys';
import { anchorChainHeads } from '@/lib/ledger/anchors';

/**
 * `npm run receipts:anchor [-- --out FILE]`: signs the head of every Ente's intact receipt chain and
 * appends one JSON line each to FILE (or writes them to stdout), for storage the database cannot touch.
 * `-- --generate-key` prints a new Ed25519 key pair instead. Exit code 1 if a chain was altered (and so
 * not anchored), 2 if nothing could be done.
 */
async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'generate-key': { type: 'boolean' } } });
  if (values['generate-key']) {
    const pair = generateAnchorKeyPair();
    console.log(`RECEIPTS_ANCHOR_PRIVATE_KEY=${pair.privateKey}`);
    console.log(`RECEIPTS_ANCHOR_PUBLIC_KEY=${pair.publicKey}`);
    return;
  }
  const config = readConfig();
  if (!config.RECEIPTS_ANCHOR_PRIVATE_KEY) {
    throw new AnchorSetupError(
      'RECEIPTS_ANCHOR_PRIVATE_KEY non impostata: senza la chiave privata Ed25519 non si firma nessun ancoraggio (crearla con `npm run receipts:anchor -- --generate-key`)',
    );
  }
  const privateKey = parseAnchorPrivateKey(config.RECEIPTS_ANCHOR_PRIVATE_KEY);
  const handle = await openDatabase(targetFromConfig(config));
  try {
    const { lines, refused } = await anchorChainHeads(handle.db, privateKey);
    for (const p of refused) {
      console.error(`ALTERAZIONE ${p.enteSlug}${p.seq !== null ? ` ricevuta n. ${p.seq}` : ''}: ${p.problem} (catena non ancorata)`);
    }
    const text = lines.map((line) => `${line}\n`).join('');
    if (values.out !== undefined) appendFileSync(values.out, text, { mode: 0o640 });
    else process.stdout.write(text);
    console.error(
      `Catene ancorate: ${lines.length}${values.out !== undefined ? ` (in ${values.out})` : ''}, rifiutate per alterazioni: ${new Set(refused.map((p) => p.enteSlug)).size}`,
    );
    process.exitCode = refused.length > 0 ? 1 : 0;
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof AnchorSetupError ? error.message : error);
  process.exit(2);
});
