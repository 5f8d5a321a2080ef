import { createHash } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import { receiptChainHeads, receipts, type Ente } from '@/db/schema';
import { generateAnchorKeyPair, parseAnchorPrivateKey, parseAnchorPublicKey } from '@/lib/ledger/anchor-keys';
import { anchorChainHeads, readAnchors } from '@/lib/ledger/anchors';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { createTestDatabase, type TestDatabase, DATABASE_SETUP_MS } from '../support/test-db';
import { enteBySlug, newPosition, receiptFor } from '../support/payments';
import { dropChainTail, rewriteChainConsistently } from '../support/ledger';

let testDb: TestDatabase;
const db = () => testDb.handle.db;

const keys = generateAnchorKeyPair();
const privateKey = parseAnchorPrivateKey(keys.privateKey);
const publicKey = parseAnchorPublicKey(keys.publicKey);

beforeAll(async () => {
  testDb = await createTestDatabase();
}, DATABASE_SETUP_MS);

afterAll(async () => {
  await testDb.close();
});

async function payMany(ente: Ente, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const position = await newPosition(db(), ente, 1000 + i);
    await recordReceipt(db(), ente, 'sandbox', receiptFor(ente, position, `${prefix}-${i}`));
  }
}

const problemsOf = async (slug: string, anchors?: Parameters<typeof verifyReceiptChains>[1]) =>
  (await verifyReceiptChains(db(), anchors)).problems.filter((p) => p.enteSlug === slug);

describe('hash versions in a stored chain', () => {
  it('writes new receipts as version 3', async () => {
    const ente = await enteBySlug(db(), 'valmora');
    await payMany(ente, 1, 'V1');
    const [row] = await db().select({ hashVersion: receipts.hashVersion }).from(receipts).where(eq(receipts.receiptId, 'V1-0'));
    expect(row).toEqual({ hashVersion: 3 });
    expect(await problemsOf('valmora')).toEqual([]);
  });

  it('verifies a chain of v0 receipts (before versioning), then v1, then v2, then v3 ones', async () => {
    const ente = await enteBySlug(db(), 'castel-oglio');
    await payMany(ente, 4, 'MIX');
    // Receipts written before each migration: same content, hashed with the scheme of their time.
    await rewriteChainConsistently(db(), ente.id, 3, (row) => ({ ...row, hashVersion: 2 }));
    await rewriteChainConsistently(db(), ente.id, 2, (row) => ({ ...row, hashVersion: 1 }));
    await rewriteChainConsistently(db(), ente.id, 1, (row) => ({ ...row, hashVersion: 0 }));
    const versions = await db()
      .select({ seq: receipts.seq, v: receipts.hashVersion })
      .from(receipts)
      .where(eq(receipts.enteId, ente.id))
      .orderBy(receipts.seq);
    expect(versions.map((r) => r.v)).toEqual([0, 1, 2, 3]);
    expect(await problemsOf('castel-oglio')).toEqual([]);
  });

  it('reports a v3 receipt relabelled and rehashed as v0, even with the whole chain made consistent', async () => {
    const ente = await enteBySlug(db(), 'castel-oglio');
    await rewriteChainConsistently(db(), ente.id, 4, (row) => ({ ...row, hashVersion: 0 }));
    expect(await problemsOf('castel-oglio')).toEqual([
      expect.objectContaining({ seq: 4, problem: 'versione di hash 0 dopo una ricevuta in versione 2' }),
    ]);
  });

  it('reports an unknown hash version instead of failing', async () => {
    const ente = await enteBySlug(db(), 'ronchi-franciacorta');
    await payMany(ente, 1, 'UNK');
    await db().transaction(async (tx) => {
      await tx.execute(sql`alter table receipts disable trigger receipts_no_update_delete`);
      await tx.execute(sql`update receipts set hash_version = 9 where receipt_id = 'UNK-0'`);
      await tx.execute(sql`alter table receipts enable trigger receipts_no_update_delete`);
    });
    expect(await problemsOf('ronchi-franciacorta')).toEqual([
      expect.objectContaining({ seq: 1, problem: 'versione di hash sconosciuta (9)' }),
    ]);
  });
});

describe('anchored chain heads', () => {
  it('detects a consistent rewrite that plain verification cannot see', async () => {
    const ente = await enteBySlug(db(), 'pratolungo');
    await payMany(ente, 3, 'ANC');
    const { lines, refused } = await anchorChainHeads(db(), privateKey);
    expect(refused.filter((p) => p.enteSlug === 'pratolungo')).toEqual([]);
    const { anchors, problems } = readAnchors(lines.join('\n'), publicKey);
    expect(problems).toEqual([]);
    expect(anchors.find((a) => a.enteSlug === 'pratolungo')).toMatchObject({ enteId: ente.id, enteFiscalCode: ente.fiscalCode, seq: 3 });

    await rewriteChainConsistently(db(), ente.id, 2, (row) => ({ ...row, amountCents: row.amountCents + 10_000 }));
    expect(await problemsOf('pratolungo')).toEqual([]);
    const report = await verifyReceiptChains(db(), { anchors });
    expect(report.anchorsChecked).toBe(anchors.length);
    expect(report.problems.filter((p) => p.problem.includes('ancorat'))).toEqual([
      expect.objectContaining({ enteSlug: 'pratolungo', seq: 3, problem: expect.stringMatching(/catena riscritta$/) }),
    ]);
  });

  it('detects receipts removed after anchoring, head rewound to match', async () => {
    const ente = await enteBySlug(db(), 'comune-demo');
    // The demo seed's receipts come first (db/seed/citizens.ts, db/seed/anomalies.ts).
    const [head] = await db().select().from(receiptChainHeads).where(eq(receiptChainHeads.enteId, ente.id));
    await payMany(ente, 2, 'CUT');
    const { anchors } = readAnchors((await anchorChainHeads(db(), privateKey)).lines.join('\n'), publicKey);
    await dropChainTail(db(), ente.id, head!.lastSeq + 1);
    expect(await problemsOf('comune-demo')).toEqual([]);
    expect(await problemsOf('comune-demo', { anchors })).toEqual([
      expect.objectContaining({ seq: head!.lastSeq + 2, problem: expect.stringMatching(/non esiste più: ricevute rimosse$/) }),
    ]);
  });

  it('reports an anchor of an Ente that is not in the database', async () => {
    const ente = await enteBySlug(db(), 'valmora');
    const { anchors } = readAnchors((await anchorChainHeads(db(), privateKey)).lines.join('\n'), publicKey);
    const stranger = { ...anchors.find((a) => a.enteId === ente.id)!, enteId: '00000000-0000-4000-8000-000000000000', enteSlug: 'sparito' };
    expect(await problemsOf('sparito', { anchors: [stranger] })).toEqual([
      expect.objectContaining({ enteSlug: 'sparito', problem: expect.stringMatching(/assente dal database/) }),
    ]);
  });

  it('refuses to anchor a chain that does not verify, and still anchors the others', async () => {
    const { lines, refused } = await anchorChainHeads(db(), privateKey);
    const anchored = readAnchors(lines.join('\n'), publicKey)
      .anchors.map((a) => a.enteSlug)
      .sort();
    // castel-oglio and ronchi-franciacorta were altered above; an anchor would vouch for the alteration.
    expect(anchored).toEqual(['comune-demo', 'pratolungo', 'valmora']);
    expect([...new Set(refused.map((p) => p.enteSlug))].sort()).toEqual(['castel-oglio', 'ronchi-franciacorta']);
  });
});

describe('original documents', () => {
  const XML = Buffer.from('<receipt><receiptId>ORIG</receiptId></receipt>');

  async function payWithOriginal(ente: Ente, receiptId: string): Promise<void> {
    const position = await newPosition(db(), ente, 1500);
    await recordReceipt(db(), ente, 'sandbox', { ...receiptFor(ente, position, receiptId), original: { format: 'xml', bytes: XML } });
  }

  /** The owner changes stored columns of one receipt behind the trigger's back. */
  async function alter(receiptId: string, change: SQL): Promise<void> {
    await db().transaction(async (tx) => {
      await tx.execute(sql`alter table receipts disable trigger receipts_no_update_delete`);
      await tx.execute(sql`update receipts set ${change} where receipt_id = ${receiptId}`);
      await tx.execute(sql`alter table receipts enable trigger receipts_no_update_delete`);
    });
  }

  it('checks each original against its SHA-256: intact, changed, removed, or changed with its digest', async () => {
    const ente = await enteBySlug(db(), 'valmora');
    for (const id of ['ORIG-OK', 'ORIG-CHANGED', 'ORIG-REMOVED', 'ORIG-REDIGESTED']) await payWithOriginal(ente, id);
    expect(await problemsOf('valmora')).toEqual([]);

    await alter('ORIG-CHANGED', sql`original_document = ${Buffer.from('<receipt><receiptId>ALTRO</receiptId></receipt>')}`);
    await alter('ORIG-REMOVED', sql`original_document = null`);
    const forged = Buffer.from('<receipt>falso</receipt>');
    const digest = createHash('sha256').update(forged).digest('hex');
    await alter('ORIG-REDIGESTED', sql`original_document = ${forged}, original_sha256 = ${digest}`);

    expect(await problemsOf('valmora')).toEqual([
      expect.objectContaining({
        receiptId: 'ORIG-CHANGED',
        problem: 'il documento originale non corrisponde alla sua impronta SHA-256: ricevuta alterata',
      }),
      expect.objectContaining({ receiptId: 'ORIG-REMOVED', problem: 'il documento originale della ricevuta manca: ricevuta alterata' }),
      // The digest is part of the hashed content: changing it too breaks the receipt's own hash.
      expect.objectContaining({ receiptId: 'ORIG-REDIGESTED', problem: 'il contenuto non corrisponde al suo hash: ricevuta alterata' }),
    ]);
  });
});
