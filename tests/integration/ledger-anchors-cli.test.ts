import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { generateAnchorKeyPair, parseAnchorPrivateKey } from '@/lib/ledger/anchor-keys';
import { signAnchor, type ChainAnchor } from '@/lib/ledger/anchors';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { enteBySlug, newPosition, receiptFor } from '../support/payments';
import { rewriteChainConsistently } from '../support/ledger';

let testDb: TestDatabase;
const pglite = () => !testDb.env.DATABASE_URL;
const keys = generateAnchorKeyPair();
const workDir = mkdtempSync(path.join(tmpdir(), 'portale-anchors-'));
const anchorFile = path.join(workDir, 'ancoraggi.jsonl');

// On-disk PGlite migrates and seeds slowly on a busy machine.
beforeAll(async () => {
  testDb = await createTestDatabase({ seed: true, onDisk: true });
}, 180_000);

afterAll(async () => {
  await testDb.close();
});

/** Runs a script against the test database; PGlite is single-process, so this one lets go of it meanwhile. */
async function run(script: string, args: string[], env: Record<string, string> = {}, usesDatabase = true) {
  const handOver = pglite() && usesDatabase;
  if (handOver) await testDb.handle.close();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...testDb.env, LOG_LEVEL: 'silent' };
  if (pglite()) delete childEnv.DATABASE_URL;
  delete childEnv.RECEIPTS_ANCHOR_PRIVATE_KEY;
  delete childEnv.RECEIPTS_ANCHOR_PUBLIC_KEY;
  Object.assign(childEnv, env);
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', `scripts/${script}.ts`, ...args], {
    env: childEnv,
    encoding: 'utf8',
    timeout: 90_000,
  });
  if (handOver) {
    const handle = await openDatabase({ dataDir: testDb.env.PGLITE_DATA_DIR! });
    testDb = { ...testDb, handle, close: () => handle.close() };
  }
  return result;
}

const withPrivateKey = { RECEIPTS_ANCHOR_PRIVATE_KEY: keys.privateKey };
const withPublicKey = { RECEIPTS_ANCHOR_PUBLIC_KEY: keys.publicKey };

describe('npm run receipts:anchor and receipts:verify --anchors', () => {
  it('refuses to run without their keys, in Italian', async () => {
    const anchor = await run('receipts-anchor', ['--out', anchorFile], {}, false);
    expect(anchor.status).toBe(2);
    expect(anchor.stderr).toContain('RECEIPTS_ANCHOR_PRIVATE_KEY non impostata');
    const verify = await run('receipts-verify', ['--anchors', anchorFile], {}, false);
    expect(verify.status).toBe(2);
    expect(verify.stderr).toContain('RECEIPTS_ANCHOR_PUBLIC_KEY non impostata');
  }, 240_000);

  it('anchors every chain, then catches a consistent rewrite done as owner that plain verify accepts', async () => {
    const valmora = await enteBySlug(testDb.handle.db, 'valmora');
    const castel = await enteBySlug(testDb.handle.db, 'castel-oglio');
    for (const [ente, count] of [
      [valmora, 3],
      [castel, 1],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const position = await newPosition(testDb.handle.db, ente, 2500 + i);
        await recordReceipt(testDb.handle.db, ente, 'sandbox', receiptFor(ente, position, `${ente.slug}-${i}`));
      }
    }

    // Three chains: these two and comune-demo's, where the demo seed has a paid instalment (db/seed/citizens.ts)
    // and the same instalment paid again, a flagged receipt (db/seed/anomalies.ts).
    const anchored = await run('receipts-anchor', ['--out', anchorFile], withPrivateKey);
    expect(anchored.stderr).toContain('Catene ancorate: 3');
    expect(anchored.status).toBe(0);
    const lines = readFileSync(anchorFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        enteSlug: 'castel-oglio',
        enteId: castel.id,
        enteFiscalCode: castel.fiscalCode,
        seq: 1,
        signature: expect.any(String),
      }),
      expect.objectContaining({ enteSlug: 'comune-demo', seq: 2 }),
      expect.objectContaining({
        enteSlug: 'valmora',
        enteId: valmora.id,
        enteFiscalCode: valmora.fiscalCode,
        seq: 3,
        signature: expect.any(String),
      }),
    ]);

    const intact = await run('receipts-verify', ['--anchors', anchorFile], withPublicKey);
    expect(intact.stdout).toContain('ancoraggi verificati: 3, righe non valide: 0, problemi: 0');
    expect(intact.status).toBe(0);

    await rewriteChainConsistently(testDb.handle.db, valmora.id, 2, (row) => ({ ...row, amountCents: 1 }));

    const plain = await run('receipts-verify', []);
    expect(plain.stdout).toContain('ricevute: 6, problemi: 0');
    expect(plain.status).toBe(0);

    const rewritten = await run('receipts-verify', ['--anchors', anchorFile], withPublicKey);
    expect(rewritten.status).toBe(1);
    expect(rewritten.stdout).toMatch(
      /ALTERAZIONE valmora ricevuta n\. 3 \(valmora-2\): l'hash non corrisponde a quello ancorato il .*: catena riscritta/,
    );
    expect(rewritten.stdout).not.toContain('castel-oglio');
  }, 240_000);

  it('reports an anchor line whose content was edited, or signed by another key', async () => {
    const [castelLine] = readFileSync(anchorFile, 'utf8').trim().split('\n');
    // A forger would move the anchor onto the rewritten hash: without the private key the signature breaks.
    const edited = JSON.stringify({ ...JSON.parse(castelLine!), seq: 2 });
    const otherKey = parseAnchorPrivateKey(generateAnchorKeyPair().privateKey);
    const {
      signature: _signature,
      format: _format,
      keyId: _keyId,
      ...content
    } = JSON.parse(castelLine!) as ChainAnchor & { signature: string };
    const foreign = signAnchor(content, otherKey);
    const tamperedFile = path.join(workDir, 'alterato.jsonl');
    writeFileSync(tamperedFile, `${edited}\n${foreign}\n`);
    const tampered = await run('receipts-verify', ['--anchors', tamperedFile], withPublicKey);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(`ANCORAGGIO NON VALIDO ${tamperedFile} riga 1: firma non valida`);
    expect(tampered.stdout).toContain(`ANCORAGGIO NON VALIDO ${tamperedFile} riga 2: firmata con un'altra chiave`);
  }, 240_000);

  it('does not anchor a chain that fails plain verification, and exits 1', async () => {
    await testDb.handle.db.transaction(async (tx) => {
      await tx.execute(sql`alter table receipts disable trigger receipts_no_update_delete`);
      await tx.execute(sql`update receipts set description = 'ritoccata' where receipt_id = 'castel-oglio-0'`);
      await tx.execute(sql`alter table receipts enable trigger receipts_no_update_delete`);
    });
    const refused = await run('receipts-anchor', [], withPrivateKey);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/ALTERAZIONE castel-oglio ricevuta n\. 1: il contenuto non corrisponde .*\(catena non ancorata\)/);
    // To stdout only the JSON lines, here those of the intact chains.
    expect(
      refused.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { enteSlug: string }).enteSlug),
    ).toEqual(['comune-demo', 'valmora']);
  }, 240_000);
});
