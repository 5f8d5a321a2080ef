import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { positionImports } from '@/db/schema';
import { enqueueImport } from '@/lib/imports/job';
import { rejectsCsv } from '@/lib/imports/queries';
import { createImport } from '@/lib/imports/run-import';
import { createTestDatabase, withDatabase, type TestDatabase } from '../support/test-db';
import { drainJobs, enteBySlug, sandboxResolver } from '../support/payments';

let testDb: TestDatabase;

// On-disk PGlite migrates and seeds slowly on a busy machine.
beforeAll(async () => {
  testDb = await createTestDatabase({ seed: true, onDisk: true });
  if (!testDb.env.DATABASE_URL) await testDb.handle.close();
}, 180_000);

afterAll(async () => {
  if (testDb.env.DATABASE_URL) await testDb.close();
});

// The fixture without its mensa row: meal prices differ between the two Enti, every other rule is the same.
const FILE = readFileSync(path.join(__dirname, '../fixtures/imports/posizioni.csv'))
  .toString('latin1')
  .split('\r\n')
  .filter((line) => !line.startsWith('M-001'))
  .join('\r\n');

const csvPath = path.join(mkdtempSync(path.join(tmpdir(), 'import-')), 'posizioni.csv');
writeFileSync(csvPath, Buffer.from(FILE, 'latin1'));

function runCli(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...testDb.env, LOG_LEVEL: 'silent' };
  if (!testDb.env.DATABASE_URL) delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/positions-import.ts', ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('npm run positions:import', () => {
  it('gives the same counts and rejects as the background job for the same file', async () => {
    const fromJob = await withDatabase(testDb, async ({ db }) => {
      const ente = await enteBySlug(db, 'comune-demo');
      const id = await createImport(db, { enteId: ente.id, createdBy: null, filename: 'posizioni.csv', file: readFileSync(csvPath) });
      await enqueueImport(db, id);
      await drainJobs(db, sandboxResolver(db));
      const [row] = await db.select().from(positionImports).where(eq(positionImports.id, id));
      return { row: row!, rejects: await rejectsCsv(db, id) };
    });
    expect(fromJob.row).toMatchObject({ status: 'done', loaded: 3, rejected: 17 });

    const cli = runCli(['--ente', 'valmora', csvPath]);
    expect(cli.status).toBe(0);
    const lines = cli.stdout.trim().split('\n');
    const counts = JSON.parse(lines.at(-1)!);
    const { loaded, updated, cancelled, unchanged, rejected } = fromJob.row;
    expect(counts).toEqual({ loaded, updated, cancelled, unchanged, rejected });
    expect(cli.stderr).toContain('righe 20/20');

    const fromCli = await withDatabase(testDb, async ({ db }) => {
      const ente = await enteBySlug(db, 'valmora');
      const [row] = await db
        .select()
        .from(positionImports)
        .where(eq(positionImports.enteId, ente.id))
        .orderBy(desc(positionImports.createdAt));
      return rejectsCsv(db, row!.id);
    });
    expect(fromCli).toBe(fromJob.rejects);
  }, 180_000);

  it('refuses wrong usage and an unknown Ente', () => {
    expect(runCli([]).status).toBe(2);
    const unknown = runCli(['--ente', 'nessuno', csvPath]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Ente nessuno non trovato');
  }, 120_000);
});
