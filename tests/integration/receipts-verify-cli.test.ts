import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { enteBySlug, newPosition, receiptFor } from '../support/payments';

let testDb: TestDatabase;

// On-disk PGlite migrates and seeds slowly on a busy machine.
beforeAll(async () => {
  testDb = await createTestDatabase({ seed: true, onDisk: true });
}, 180_000);

afterAll(async () => {
  await testDb.close();
});

function runVerify() {
  const env: NodeJS.ProcessEnv = { ...process.env, ...testDb.env, LOG_LEVEL: 'silent' };
  if (!testDb.env.DATABASE_URL) delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/receipts-verify.ts'], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run receipts:verify', () => {
  it('passes on intact chains and reports a receipt altered through raw SQL', async () => {
    const db = testDb.handle.db;
    const ente = await enteBySlug(db, 'valmora');
    for (let i = 0; i < 3; i++) {
      const position = await newPosition(db, ente, 1500 + i);
      await recordReceipt(db, ente, 'sandbox', receiptFor(ente, position, `CLI-${i}`));
    }
    const pglite = !testDb.env.DATABASE_URL;
    if (pglite) await testDb.handle.close();
    const clean = runVerify();
    // These three and the demo seed's two at comune-demo: a paid instalment (db/seed/citizens.ts) and the same
    // instalment paid again, flagged (db/seed/anomalies.ts).
    expect(clean.stdout).toContain('ricevute: 5, problemi: 0');
    expect(clean.status).toBe(0);

    if (pglite) testDb = { ...testDb, ...(await reopen()) };
    await testDb.handle.db.transaction(async (tx) => {
      await tx.execute(sql`alter table receipts disable trigger receipts_no_update_delete`);
      await tx.execute(sql`update receipts set description = 'importo ritoccato' where receipt_id = 'CLI-1'`);
      await tx.execute(sql`alter table receipts enable trigger receipts_no_update_delete`);
    });
    if (pglite) await testDb.handle.close();
    const tampered = runVerify();
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toMatch(/ALTERAZIONE valmora ricevuta n\. 2 \(CLI-1\): il contenuto non corrisponde/);
    if (pglite) testDb = { ...testDb, ...(await reopen()) };
  });
});

async function reopen() {
  const { openDatabase } = await import('@/db/client');
  const handle = await openDatabase({ dataDir: testDb.env.PGLITE_DATA_DIR! });
  return { handle, close: () => handle.close() };
}
