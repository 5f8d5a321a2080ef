import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { isDataException } from '@/db/errors';
import { anomalies, enti, partnerInbox, positions, receipts } from '@/db/schema';
import { receiveSandboxCallback } from '@/lib/payments/callbacks';
import { signPayload } from '@/lib/partners/signature';
import { withTestDatabase } from '../support/test-db';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } from '../support/payments';
import { drainSequencer, sequencedOutcome, settledOutcome } from '../support/pipeline';
import type { Ente } from '@/db/schema';

let demo: Ente;
let valmora: Ente;
const now = () => Math.floor(Date.now() / 1000);

const { db } = withTestDatabase();

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
});

async function statusOf(positionId: string) {
  const [row] = await db().select().from(positions).where(eq(positions.id, positionId));
  return row!.status;
}

/** A signed callback acknowledged (200 accepted), then sequenced: what it came to. */
async function delivered(body: string | Buffer, signature: string | null) {
  const answer = await receiveSandboxCallback(db(), body, signature);
  expect(answer).toMatchObject({ status: 200, accepted: { enteId: expect.any(String), inboxId: expect.any(Number) } });
  return sequencedOutcome(db(), answer);
}

async function lastInbox() {
  const rows = await db().select().from(partnerInbox).orderBy(partnerInbox.id);
  return rows[rows.length - 1]!;
}

describe('sandbox callback endpoint logic', () => {
  it('accepts a correctly signed callback and ignores its duplicate', async () => {
    const position = await newPosition(db(), demo);
    const body = callbackBody(demo, receiptFor(demo, position, 'R-OK-1'));
    const secret = await sandboxSecret(db(), demo.id);
    expect(await delivered(body, signPayload(secret, body, now()))).toBe('receipt_created');
    expect(await delivered(body, signPayload(secret, body, now()))).toBe('duplicate');
    expect(await db().select().from(receipts).where(eq(receipts.receiptId, 'R-OK-1'))).toHaveLength(1);
    expect(await statusOf(position.id)).toBe('paid');
  });

  it('rejects a bad signature with 401, keeps the raw body, marks nothing paid', async () => {
    const position = await newPosition(db(), demo);
    const body = callbackBody(demo, receiptFor(demo, position, 'R-BAD-SIG'));
    const result = await receiveSandboxCallback(db(), body, signPayload('un-altro-segreto', body, now()));
    expect(result.status).toBe(401);
    const inbox = await lastInbox();
    expect(inbox).toMatchObject({ verified: false, outcome: 'rejected' });
    expect(inbox.rawBody.toString('utf8')).toBe(body);
    expect(await statusOf(position.id)).toBe('valid');
  });

  it('rejects a missing or malformed signature header', async () => {
    const position = await newPosition(db(), demo);
    const body = callbackBody(demo, receiptFor(demo, position, 'R-NO-SIG'));
    expect((await receiveSandboxCallback(db(), body, null)).status).toBe(401);
    expect((await receiveSandboxCallback(db(), body, 't=abc,v1=zz')).status).toBe(401);
    expect(await statusOf(position.id)).toBe('valid');
  });

  it('rejects a stale timestamp', async () => {
    const position = await newPosition(db(), demo);
    const body = callbackBody(demo, receiptFor(demo, position, 'R-STALE'));
    const secret = await sandboxSecret(db(), demo.id);
    const result = await receiveSandboxCallback(db(), body, signPayload(secret, body, now() - 301));
    expect(result).toMatchObject({ status: 401, title: expect.stringMatching(/scaduta/) });
    expect(await statusOf(position.id)).toBe('valid');
  });

  it('rejects an old signature replayed with a new timestamp', async () => {
    const position = await newPosition(db(), demo);
    const body = callbackBody(demo, receiptFor(demo, position, 'R-REPLAY'));
    const secret = await sandboxSecret(db(), demo.id);
    const old = signPayload(secret, body, now() - 1000);
    const mac = old.split('v1=')[1];
    const result = await receiveSandboxCallback(db(), body, `t=${now()},v1=${mac}`);
    expect(result.status).toBe(401);
    expect(await statusOf(position.id)).toBe('valid');
  });

  it("rejects a callback for one Ente signed with another Ente's secret", async () => {
    const position = await newPosition(db(), demo);
    const body = callbackBody(demo, receiptFor(demo, position, 'R-CROSS'));
    const otherSecret = await sandboxSecret(db(), valmora.id);
    expect((await receiveSandboxCallback(db(), body, signPayload(otherSecret, body, now()))).status).toBe(401);
    expect(await statusOf(position.id)).toBe('valid');
  });

  it('keeps an amount mismatch as an anomaly and a flagged receipt, and does not mark the position paid', async () => {
    const position = await newPosition(db(), demo, 5000);
    const body = callbackBody(demo, receiptFor(demo, position, 'R-AMOUNT', 4000));
    const secret = await sandboxSecret(db(), demo.id);
    expect(await delivered(body, signPayload(secret, body, now()))).toBe('anomaly:amount_mismatch');
    expect(await statusOf(position.id)).toBe('valid');
    const [anomaly] = await db().select().from(anomalies).where(eq(anomalies.receiptId, 'R-AMOUNT'));
    expect(anomaly).toMatchObject({ enteId: demo.id, kind: 'amount_mismatch', amountCents: 4000, expectedAmountCents: 5000 });
    // The money was collected: the receipt is in the chain, flagged, naming the position it did not pay.
    const [receipt] = await db().select().from(receipts).where(eq(receipts.receiptId, 'R-AMOUNT'));
    expect(receipt).toMatchObject({ id: anomaly!.receiptRowId, positionId: position.id, anomaly: 'amount_mismatch', amountCents: 4000 });
  });

  it('keeps an unknown notice number as an anomaly', async () => {
    const ghost = { noticeNumber: '301202600999999926', amountCents: 1234 };
    const body = callbackBody(demo, receiptFor(demo, ghost, 'R-UNKNOWN'));
    const secret = await sandboxSecret(db(), demo.id);
    expect(await delivered(body, signPayload(secret, body, now()))).toBe('anomaly:unknown_notice');
    const [anomaly] = await db().select().from(anomalies).where(eq(anomalies.receiptId, 'R-UNKNOWN'));
    expect(anomaly).toMatchObject({ kind: 'unknown_notice', noticeNumber: ghost.noticeNumber });
    const [receipt] = await db().select().from(receipts).where(eq(receipts.receiptId, 'R-UNKNOWN'));
    expect(receipt).toMatchObject({
      id: anomaly!.receiptRowId,
      positionId: null,
      anomaly: 'unknown_notice',
      noticeNumber: ghost.noticeNumber,
    });
  });

  it('keeps a second payment of an already paid notice as an anomaly', async () => {
    const position = await newPosition(db(), demo);
    const secret = await sandboxSecret(db(), demo.id);
    const first = callbackBody(demo, receiptFor(demo, position, 'R-FIRST'));
    const second = callbackBody(demo, receiptFor(demo, position, 'R-SECOND'));
    expect(await delivered(first, signPayload(secret, first, now()))).toBe('receipt_created');
    expect(await delivered(second, signPayload(secret, second, now()))).toBe('anomaly:not_payable');
    // Both are receipts of the position; only the first paid it.
    const both = await db().select().from(receipts).where(eq(receipts.positionId, position.id)).orderBy(receipts.seq);
    expect(both.map((r) => [r.receiptId, r.anomaly])).toEqual([
      ['R-FIRST', null],
      ['R-SECOND', 'not_payable'],
    ]);
  });

  it('answers 400 to a body that is not JSON or not a receipt, and still stores it', async () => {
    expect((await receiveSandboxCallback(db(), '{non json', 't=1,v1=00')).status).toBe(400);
    expect((await lastInbox()).rawBody.toString('utf8')).toBe('{non json');
    expect((await receiveSandboxCallback(db(), JSON.stringify({ type: 'receipt' }), null)).status).toBe(400);
  });
});

describe('sandbox callbacks under attack', () => {
  async function signed(ente: Ente, body: string | Buffer) {
    return signPayload(await sandboxSecret(db(), ente.id), body, now());
  }

  it('refuses a callback for an Ente that moved to another partner, even signed with its old sandbox secret', async () => {
    const position = await newPosition(db(), valmora);
    const body = callbackBody(valmora, receiptFor(valmora, position, 'R-MOVED'));
    const oldSignature = await signed(valmora, body);
    await db().update(enti).set({ partner: 'nordcom_tim' }).where(eq(enti.id, valmora.id));
    try {
      expect(await receiveSandboxCallback(db(), body, oldSignature)).toMatchObject({
        status: 401,
        title: expect.stringMatching(/non servito/),
      });
      expect(await lastInbox()).toMatchObject({ verified: false, outcome: 'rejected' });
      expect(await statusOf(position.id)).toBe('valid');
      expect(await db().select().from(receipts).where(eq(receipts.receiptId, 'R-MOVED'))).toHaveLength(0);
    } finally {
      await db().update(enti).set({ partner: 'sandbox' }).where(eq(enti.id, valmora.id));
    }
    // Back with the sandbox, the partner's retry goes through: nothing was lost meanwhile.
    expect(await delivered(body, await signed(valmora, body))).toBe('receipt_created');
  });

  it('answers 400 (never 503) to a signed receipt with a NUL byte, and keeps the whole body', async () => {
    const position = await newPosition(db(), demo);
    const body = callbackBody(demo, { ...receiptFor(demo, position, 'R-NUL'), description: 'CIE\u0000 - Emanuele Rocca' });
    expect(body).toContain('\\u0000');
    const result = await receiveSandboxCallback(db(), body, await signed(demo, body));
    expect(result).toMatchObject({ status: 400, title: expect.stringMatching(/description: caratteri di controllo/) });
    const inbox = await lastInbox();
    expect(inbox).toMatchObject({ verified: true, outcome: 'rejected', enteId: demo.id, bodyTruncated: false });
    expect(inbox.rawBody.toString('utf8')).toBe(body);
    expect(await statusOf(position.id)).toBe('valid');
  });

  it('answers 400 to a raw NUL byte and to bytes that are not UTF-8, storing them as bytes', async () => {
    for (const bytes of [Buffer.from('{"type":"receipt"\u0000}'), Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d])]) {
      const result = await receiveSandboxCallback(db(), bytes, 't=1,v1=00', { sourceAddress: '192.0.2.10' });
      expect(result).toMatchObject({ status: 400, title: expect.stringMatching(/JSON UTF-8/) });
      const inbox = await lastInbox();
      expect(Buffer.compare(inbox.rawBody, bytes)).toBe(0);
      expect(inbox).toMatchObject({
        verified: false,
        sourceAddress: '192.0.2.10',
        bodySha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
  });

  it.each([
    ['paymentDateTime', '2026-02-30T10:00:00Z'],
    ['applicationDate', '2026-02-30'],
    ['transferDate', '2026-13-01'],
    ['paymentDateTime', '0001-01-01T00:00:00Z'],
  ])('answers 400 (never 503) to a signed receipt with the impossible %s %s', async (field, value) => {
    const position = await newPosition(db(), demo);
    const body = callbackBody(demo, { ...receiptFor(demo, position, `R-DATE-${field}-${value}`.slice(0, 35)), [field]: value });
    expect(await receiveSandboxCallback(db(), body, await signed(demo, body))).toMatchObject({
      status: 400,
      title: expect.stringContaining(field),
    });
    expect(await statusOf(position.id)).toBe('valid');
  });

  it('answers 400 to control characters and unpaired surrogates in receipt text', async () => {
    const position = await newPosition(db(), demo);
    for (const pspName of ['Banca\u0007', 'Banca\u001b[31m', 'Banca\ud800']) {
      const body = callbackBody(demo, { ...receiptFor(demo, position, 'R-CTRL'), pspName });
      expect(await receiveSandboxCallback(db(), body, await signed(demo, body))).toMatchObject({ status: 400 });
    }
    expect(await statusOf(position.id)).toBe('valid');
  });

  it('tells data exceptions (permanent) from other database errors by SQLSTATE', async () => {
    const dataError = await db()
      .execute(sql`select ${'2026-02-30'}::date`)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isDataException(dataError)).toBe(true);
    const missingTable = await db()
      .execute(sql`select * from tabella_inesistente`)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isDataException(missingTable)).toBe(false);
    expect(isDataException(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(false);
  });

  it('gives one receipt and one duplicate for two identical callbacks at the same moment, never a false anomaly', async () => {
    for (let round = 0; round < 5; round++) {
      const position = await newPosition(db(), demo);
      const receiptId = `R-TWIN-${round}`;
      const body = callbackBody(demo, receiptFor(demo, position, receiptId));
      const signature = await signed(demo, body);
      const answers = await Promise.all([receiveSandboxCallback(db(), body, signature), receiveSandboxCallback(db(), body, signature)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      await drainSequencer(db());
      const outcomes = await Promise.all(answers.map((a) => settledOutcome(db(), a.accepted!.inboxId)));
      expect(outcomes.sort()).toEqual(['duplicate', 'receipt_created']);
      expect(await db().select().from(receipts).where(eq(receipts.receiptId, receiptId))).toHaveLength(1);
      expect(await db().select().from(anomalies).where(eq(anomalies.receiptId, receiptId))).toHaveLength(0);
      expect(await statusOf(position.id)).toBe('paid');
    }
  });

  it('accepts a rotation header with several v1 values, and upper-case hex', async () => {
    const secret = await sandboxSecret(db(), demo.id);
    const first = await newPosition(db(), demo);
    const rotating = callbackBody(demo, receiptFor(demo, first, 'R-ROTATION'));
    const t = now();
    const oldMac = signPayload('segreto-precedente', rotating, t).split('v1=')[1];
    const newMac = signPayload(secret, rotating, t).split('v1=')[1];
    expect(await delivered(rotating, `t=${t},v1=${oldMac},v1=${newMac}`)).toBe('receipt_created');

    const second = await newPosition(db(), demo);
    const upper = callbackBody(demo, receiptFor(demo, second, 'R-UPPER'));
    expect(await delivered(upper, `t=${t},v1=${signPayload(secret, upper, t).split('v1=')[1]!.toUpperCase()}`)).toBe('receipt_created');
  });

  it('keeps a verified body whole but only a prefix and the hash of an unverified one', async () => {
    const position = await newPosition(db(), demo);
    const receipt = receiptFor(demo, position, 'R-LONG');
    const body = JSON.stringify({ type: 'receipt', creditorFiscalCode: demo.fiscalCode, receipt, note: 'x'.repeat(10_000) });
    expect((await receiveSandboxCallback(db(), body, signPayload('sbagliato', body, now()))).status).toBe(401);
    const forged = await lastInbox();
    expect(forged).toMatchObject({
      verified: false,
      bodyTruncated: true,
      bodyBytes: Buffer.byteLength(body),
      bodySha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(forged.rawBody).toHaveLength(4096);
    expect(forged.rawBody.toString('utf8')).toBe(body.slice(0, 4096));

    expect(await delivered(body, await signed(demo, body))).toBe('receipt_created');
    const genuine = await lastInbox();
    expect(genuine).toMatchObject({ verified: true, bodyTruncated: false, receiptId: 'R-LONG', outcome: 'receipt_created' });
    expect(genuine.rawBody.toString('utf8')).toBe(body);
  });
});
