import './env';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, targetFromConfig } from '@/db/client';
import { readConfig } from '@/lib/config';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import { ImportFailedError, createImport, runImport } from '@/lib/imports/run-import';

/**
 * `npm run -s positions:import -- --ente <slug> <file.csv>`: the same import the back office runs, in
 * the foreground. Progress goes to stderr; the last line of stdout is the JSON of the counts. Exit code
 * 1 when the file cannot be imported at all, 2 on wrong usage.
 */
async function main() {
  const { values, positionals } = parseArgs({ options: { ente: { type: 'string' } }, allowPositionals: true });
  if (!values.ente || positionals.length !== 1) {
    console.error('Uso: npm run -s positions:import -- --ente <slug> <file.csv>');
    process.exit(2);
  }
  const file = readFileSync(positionals[0]!);
  const handle = await openDatabase(targetFromConfig(readConfig()));
  try {
    const ente = await findActiveEnteBySlug(handle.db, values.ente);
    if (!ente) {
      console.error(`Ente ${values.ente} non trovato o non attivo`);
      process.exitCode = 2;
      return;
    }
    const importId = await createImport(handle.db, { enteId: ente.id, createdBy: null, filename: path.basename(positionals[0]!), file });
    const counts = await runImport(handle.db, importId, {
      onBatch: (p) => void process.stderr.write(`righe ${p.processedRows}/${p.totalRows}: caricate ${p.loaded}, scartate ${p.rejected}\n`),
    });
    console.log(JSON.stringify(counts));
  } catch (error) {
    if (!(error instanceof ImportFailedError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
