import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { positionImports } from '@/db/schema';
import { requestAvvisiZip } from '@/lib/imports/avvisi-zip';
import { IMPORT_COLUMNS } from '@/lib/imports/csv-format';
import { createImport, runImport } from '@/lib/imports/run-import';
import { createTestDatabase, withDatabase, type TestDatabase } from '../support/test-db';
import { enteBySlug } from '../support/payments';

/*
 * The avvisi ZIP built by the standalone worker (`npm run worker`, under tsx), which renders the PDFs with
 * the real renderer: the jest tests elsewhere replace it with a stand-in.
 */
let testDb: TestDatabase;
let importId: string;

const ROWS = [
  'ZIP-1;F;RSSMRA80A01B157X;Mario Rossi;;tari;TARI 2027 utenza 1;120,50;30/06/2027',
  'ZIP-2;F;FRRPLA70H21B157M;Paolo Ferri;;tari;TARI 2027 utenza 2;98,00;30/06/2027',
  'ZIP-3;G;00812300176;Esempio S.r.l.;;tari;TARI 2027 utenza 3;250,00;30/06/2027',
];

beforeAll(async () => {
  testDb = await createTestDatabase({ seed: true, onDisk: true });
  const ente = await enteBySlug(testDb.handle.db, 'comune-demo');
  const file = Buffer.from(`${[IMPORT_COLUMNS.join(';'), ...ROWS].join('\n')}\n`);
  importId = await createImport(testDb.handle.db, { enteId: ente.id, createdBy: null, filename: 'zip.csv', file });
  expect(await runImport(testDb.handle.db, importId)).toMatchObject({ loaded: 3, rejected: 0 });
  expect(await requestAvvisiZip(testDb.handle.db, ente.id, importId)).toBe(true);
  // PGlite is single-process: the worker opens it itself.
  if (!testDb.env.DATABASE_URL) await testDb.handle.close();
}, 180_000);

afterAll(async () => {
  if (testDb.env.DATABASE_URL) await testDb.close();
});

it('npm run worker builds the ZIP of an import with one valid PDF per avviso', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...testDb.env, LOG_LEVEL: 'info', WORKER_POLL_MS: '200' };
  if (!testDb.env.DATABASE_URL) delete env.DATABASE_URL;
  const worker = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/worker.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nessuno ZIP dal worker:\n${output}`)), 120_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ZIP degli avvisi pronto') || output.includes('errore del worker')) {
          clearTimeout(timer);
          resolve();
        }
      };
      worker.stdout.on('data', onData);
      worker.stderr.on('data', onData);
    });
  } finally {
    await new Promise((resolve) => {
      worker.once('exit', resolve);
      worker.kill('SIGTERM');
    });
  }
  expect(output).not.toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');

  const row = await withDatabase(testDb, async ({ db }) => {
    const [found] = await db.select().from(positionImports).where(eq(positionImports.id, importId));
    return found!;
  });
  expect(row).toMatchObject({ avvisiStatus: 'done', avvisiDone: 3 });
  const files = unzipSync(new Uint8Array(row.avvisiZip!));
  const names = Object.keys(files);
  expect(names).toHaveLength(3);
  for (const name of names) {
    expect(name).toMatch(/^avviso-3\d{17}\.pdf$/);
    expect(Buffer.from(files[name]!.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(files[name]!.subarray(-6)).toString('latin1')).toContain('%%EOF');
  }
}, 180_000);
