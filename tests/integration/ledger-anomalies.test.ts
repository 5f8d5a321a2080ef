import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { sqlStateOf } from '@/db/errors';
import { anomalies, positions, receipts, type Ente, type Position } from '@/db/schema';
import { dashboardFigures } from '@/lib/backoffice/dashboard';
import { findPaymentsMade } from '@/lib/citizen/queries';
import { signPayload } from '@/lib/partners/signature';
import { receiveSandboxCallback } from '@/lib/payments/callbacks';
import { startCheckout } from '@/lib/payments/checkout';
import { findReceipt, loadCart } from '@/lib/payments/queries';
import { listReceiptFeed } from '@/lib/payments/receipt-feed';
import { CURRENT_HASH_VERSION } from '@/lib/payments/hash-chain';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { EXPORT_COLUMNS } from '@/lib/receipts/export-columns';
import { findReceiptForStaff, searchReceipts } from '@/lib/receipts/queries';
import { rewriteChainConsistently } from '../support/ledger';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxResolver, sandboxSecret } from '../support/payments';
import { sequencedOutcome } from '../support/pipeline';
import { withTestDatabase } from '../support/test-db';

/*
 * Every real receipt is in the ledger (issue 13): a second payment, a wrong amount and a notice the Ente
 * does not know are receipts too, since money was collected. They join the Ente's hash chain flagged,
 * pay nothing, and leave an anomaly that points at them; the original document is kept byte for byte.
 */

const { db } = withTestDatabase();
const now = () => Math.floor(Date.now() / 1000);
const GHOST_NOTICE = '301202600888888826';

let valmora: Ente;
let secret: string;

beforeAll(async () => {
  valmora = await enteBySlug(db(), 'valmora');
  secret = await sandboxSecret(db(), valmora.id);
});

/** Pushes a receipt through the sandbox endpoint and the sequencer, as a partner would: what it came to, and the body sent. */
async function pushed(receipt: ReturnType<typeof receiptFor>): Promise<{ outcome: string; body: string }> {
  const body = callbackBody(valmora, receipt);
  const answer = await receiveSandboxCallback(db(), body, signPayload(secret, body, now()));
  return { outcome: await sequencedOutcome(db(), answer), body };
}

const receiptRow = async (receiptId: string) => (await db().select().from(receipts).where(eq(receipts.receiptId, receiptId)))[0];
const anomalyOf = async (receiptId: string) => (await db().select().from(anomalies).where(eq(anomalies.receiptId, receiptId)))[0];
const positionRow = async (id: string) => (await db().select().from(positions).where(eq(positions.id, id)))[0]!;

describe('anomalous receipts in the chain', () => {
  let paidTwice: Position;
  let mismatched: Position;
  let paidAt: Date | null;

  beforeAll(async () => {
    paidTwice = await newPosition(db(), valmora, 3000);
    mismatched = await newPosition(db(), valmora, 5000);
    expect((await pushed(receiptFor(valmora, paidTwice, 'LEDGER-PRIMO'))).outcome).toBe('receipt_created');
    paidAt = (await positionRow(paidTwice.id)).paidAt;
  });

  it('chains a second payment flagged, pointed at by its anomaly, and leaves the position paid once', async () => {
    const { outcome, body } = await pushed(receiptFor(valmora, paidTwice, 'LEDGER-SECONDO'));
    expect(outcome).toBe('anomaly:not_payable');
    const first = await receiptRow('LEDGER-PRIMO');
    const second = await receiptRow('LEDGER-SECONDO');
    expect(second).toMatchObject({
      enteId: valmora.id,
      positionId: paidTwice.id,
      anomaly: 'not_payable',
      seq: first!.seq + 1,
      prevHash: first!.hash,
      hashVersion: CURRENT_HASH_VERSION,
      amountCents: 3000,
    });
    expect(await anomalyOf('LEDGER-SECONDO')).toMatchObject({ kind: 'not_payable', receiptRowId: second!.id, expectedAmountCents: 3000 });
    expect(await positionRow(paidTwice.id)).toMatchObject({ status: 'paid', paidAt });
    // The partner's JSON, byte for byte, with its SHA-256.
    expect(second!.originalFormat).toBe('json');
    expect(second!.originalDocument!.equals(Buffer.from(body))).toBe(true);
    expect(second!.originalSha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect((await verifyReceiptChains(db())).problems).toEqual([]);
  });

  it('chains a wrong amount flagged with its position, which stays payable', async () => {
    const { outcome, body } = await pushed(receiptFor(valmora, mismatched, 'LEDGER-IMPORTO', 4500));
    expect(outcome).toBe('anomaly:amount_mismatch');
    const row = await receiptRow('LEDGER-IMPORTO');
    expect(row).toMatchObject({ positionId: mismatched.id, anomaly: 'amount_mismatch', amountCents: 4500 });
    expect(row!.originalDocument!.equals(Buffer.from(body))).toBe(true);
    expect(await anomalyOf('LEDGER-IMPORTO')).toMatchObject({ kind: 'amount_mismatch', receiptRowId: row!.id, expectedAmountCents: 5000 });
    expect((await positionRow(mismatched.id)).status).toBe('valid');
    expect((await verifyReceiptChains(db())).problems).toEqual([]);
  });

  it('chains a receipt of an unknown notice without a position, by push and by pull; a redelivery stays a duplicate', async () => {
    const ghost = { noticeNumber: GHOST_NOTICE, amountCents: 1234 };
    const { outcome, body } = await pushed(receiptFor(valmora, ghost, 'LEDGER-IGNOTO'));
    expect(outcome).toBe('anomaly:unknown_notice');
    const row = await receiptRow('LEDGER-IGNOTO');
    expect(row).toMatchObject({ positionId: null, anomaly: 'unknown_notice', noticeNumber: GHOST_NOTICE });
    expect(row!.originalSha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(await anomalyOf('LEDGER-IGNOTO')).toMatchObject({ kind: 'unknown_notice', receiptRowId: row!.id });

    const pulled = await recordReceipt(db(), valmora, 'sandbox', receiptFor(valmora, ghost, 'LEDGER-IGNOTO-2'));
    expect(pulled).toEqual({ kind: 'anomaly', anomaly: 'unknown_notice', receiptRowId: expect.any(String) });
    expect(await receiptRow('LEDGER-IGNOTO-2')).toMatchObject({ id: (pulled as { receiptRowId: string }).receiptRowId, positionId: null });

    const before = await db().select({ id: receipts.id }).from(receipts).where(eq(receipts.enteId, valmora.id));
    expect((await pushed(receiptFor(valmora, ghost, 'LEDGER-IGNOTO'))).outcome).toBe('duplicate');
    expect(await recordReceipt(db(), valmora, 'sandbox', receiptFor(valmora, ghost, 'LEDGER-IGNOTO-2'))).toEqual({ kind: 'duplicate' });
    expect(await db().select({ id: receipts.id }).from(receipts).where(eq(receipts.enteId, valmora.id))).toHaveLength(before.length);
    expect(await db().select().from(anomalies).where(eq(anomalies.receiptId, 'LEDGER-IGNOTO'))).toHaveLength(1);
    const report = await verifyReceiptChains(db());
    expect(report.problems).toEqual([]);
    expect(report.heads.find((head) => head.enteId === valmora.id)).toMatchObject({ intact: true });
  });

  it('refuses, in the database, a receipt without a position that is not an unknown notice', async () => {
    const [model] = await db().select().from(receipts).where(eq(receipts.receiptId, 'LEDGER-IMPORTO'));
    const { id: _id, createdAt: _createdAt, ...copy } = model!;
    const refused = await db()
      .insert(receipts)
      .values({ ...copy, receiptId: 'LEDGER-SENZA-POSIZIONE', seq: 999_999, positionId: null, anomaly: 'amount_mismatch' })
      .then(
        () => null,
        (error: unknown) => error,
      );
    // 23514: check_violation (receipts_position_known).
    expect(sqlStateOf(refused)).toBe('23514');
  });
});

describe('who sees a flagged receipt', () => {
  it('staff lists, exports and the API: yes, with its flag; an unknown notice only for unrestricted staff', async () => {
    const page = await searchReceipts(db(), { enteId: valmora.id, serviceIds: null }, {}, { limit: 1000 });
    const flags = new Map(page.lines.map((line) => [line.receiptId, line.anomaly]));
    expect(flags.get('LEDGER-PRIMO')).toBeNull();
    expect(flags.get('LEDGER-SECONDO')).toBe('not_payable');
    expect(flags.get('LEDGER-IMPORTO')).toBe('amount_mismatch');
    expect(flags.get('LEDGER-IGNOTO')).toBe('unknown_notice');
    // The exports' last column names the anomaly, for accounting not to book it against the notice.
    const anomalyColumn = EXPORT_COLUMNS.at(-1)!;
    expect(anomalyColumn.header).toBe('Anomalia');
    expect(anomalyColumn.value(page.lines.find((line) => line.receiptId === 'LEDGER-SECONDO')!)).toBe(
      'Avviso non pagabile o pagato due volte',
    );
    expect(anomalyColumn.value(page.lines.find((line) => line.receiptId === 'LEDGER-PRIMO')!)).toBeNull();
    const limited = await searchReceipts(db(), { enteId: valmora.id, serviceIds: [] }, {}, { limit: 1000 });
    expect(limited.lines).toEqual([]);

    const ghost = (await receiptRow('LEDGER-IGNOTO'))!;
    expect(await findReceiptForStaff(db(), { enteId: valmora.id, serviceIds: null }, ghost.id)).toMatchObject({
      position: null,
      anomalyId: (await anomalyOf('LEDGER-IGNOTO'))!.id,
    });
    expect(await findReceipt(db(), valmora.id, ghost.id)).toMatchObject({ position: null });

    const feed = await listReceiptFeed(db(), valmora.id, { limit: 500 });
    const fed = feed.items.find((item) => item.receipt.receiptId === 'LEDGER-IGNOTO');
    expect(fed).toMatchObject({ externalId: null, serviceCode: null, receipt: { anomaly: 'unknown_notice' } });
  });

  it('the citizen’s outcome page: the cart shows the receipt that paid, once', async () => {
    const position = await newPosition(db(), valmora, 2500);
    const { cartId } = await startCheckout(db(), valmora, [position.id], sandboxResolver(db()));
    expect((await pushed(receiptFor(valmora, position, 'LEDGER-CARRELLO'))).outcome).toBe('receipt_created');
    expect((await pushed(receiptFor(valmora, position, 'LEDGER-CARRELLO-BIS'))).outcome).toBe('anomaly:not_payable');
    const view = await loadCart(db(), valmora.id, cartId);
    expect(view!.cart.status).toBe('paid');
    expect(view!.items.map((item) => item.receipt?.receiptId)).toEqual(['LEDGER-CARRELLO']);
  });

  it('money collected: the dashboard counts flagged receipts too', async () => {
    const all = await db()
      .select({ amountCents: receipts.amountCents, paidAt: receipts.paymentDateTime })
      .from(receipts)
      .where(eq(receipts.enteId, valmora.id));
    const figures = await dashboardFigures(db(), valmora.id, { serviceIds: null });
    // The Italian year (this test never runs on New Year's night in Rome, where UTC and Italy disagree).
    const yearStart = new Date(`${new Date().getUTCFullYear()}-01-01T00:00:00+01:00`);
    const expected = all.filter((r) => r.paidAt >= yearStart).reduce((sum, r) => sum + r.amountCents, 0);
    expect(figures.collectedCents.year).toBe(expected);
    expect(expected).toBeGreaterThanOrEqual(3000 + 3000 + 4500 + 1234 + 1234);
  });

  it('the citizen: a double payment is not a second payment in «I miei pagamenti»', async () => {
    const mine = await findPaymentsMade(db(), { fiscalCode: 'RCCMNL83S18D969H', enteId: valmora.id }, undefined, 100);
    const shown = mine.items.map((item) => item.noticeNumber);
    const ledgerNotices = [(await receiptRow('LEDGER-PRIMO'))!.noticeNumber];
    expect(shown.filter((notice) => ledgerNotices.includes(notice))).toHaveLength(1);
  });
});

describe('verifying flagged receipts', () => {
  it('reports a flagged receipt rehashed under v2, which does not cover the flag, even in a consistent chain', async () => {
    const ente = await enteBySlug(db(), 'castel-oglio');
    const ghost = { noticeNumber: GHOST_NOTICE, amountCents: 500 };
    expect(await recordReceipt(db(), ente, 'sandbox', receiptFor(ente, ghost, 'LEDGER-V2'))).toMatchObject({ kind: 'anomaly' });
    const [row] = await db().select().from(receipts).where(eq(receipts.receiptId, 'LEDGER-V2'));
    const problemsOf = async () => (await verifyReceiptChains(db())).problems.filter((p) => p.enteSlug === 'castel-oglio');
    expect(await problemsOf()).toEqual([]);
    await rewriteChainConsistently(db(), ente.id, row!.seq, (stored) => ({ ...stored, hashVersion: 2 }));
    expect(await problemsOf()).toContainEqual(
      expect.objectContaining({
        seq: row!.seq,
        problem: 'ricevuta segnalata come anomalia con la versione di hash 2, che non copre la segnalazione',
      }),
    );
  });
});
