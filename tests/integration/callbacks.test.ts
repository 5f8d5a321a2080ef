import { eq } from 'drizzle-orm';
import { anomalies, partnerInbox, positions, receipts } from '@/db/schema';
import { receiveSandboxCallback } from '@/lib/payments/callbacks';
import { signPayload } from '@/lib/partners/signature';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } from '../support/payments';
import type { Ente } from '@/db/schema';

let testDb: TestDatabase;
let demo: Ente;
let valmora: Ente;
const db = () => testDb.handle.db;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  testDb = await createTestDatabase();
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
});

afterAll(async () => {
  await testDb.close();
});

async function statusOf(positionId: string) {
  const [row] = await db().select().from(positions).where(eq(positions.id, positionId));
  return row!.status;
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
    expect(await receiveSandboxCallback(db(), body, signPayload(secret, body, now()))).toMatchObject({ status: 200, outcome: 'receipt_created' });
    expect(await receiveSandboxCallback(db(), body, signPayload(secret, body, now()))).toMatchObject({ status: 200, outcome: 'duplicate' });
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

  it('keeps an amount mismatch as an anomaly and does not mark the position paid', async () => {
    const position = await newPosition(db(), demo, 5000);
    const body = callbackBody(demo, receiptFor(demo, position, 'R-AMOUNT', 4000));
    const secret = await sandboxSecret(db(), demo.id);
    expect(await receiveSandboxCallback(db(), body, signPayload(secret, body, now()))).toMatchObject({ status: 200, outcome: 'anomaly:amount_mismatch' });
    expect(await statusOf(position.id)).toBe('valid');
    const [anomaly] = await db().select().from(anomalies).where(eq(anomalies.receiptId, 'R-AMOUNT'));
    expect(anomaly).toMatchObject({ enteId: demo.id, kind: 'amount_mismatch', amountCents: 4000, expectedAmountCents: 5000 });
    expect(await db().select().from(receipts).where(eq(receipts.receiptId, 'R-AMOUNT'))).toHaveLength(0);
  });

  it('keeps an unknown notice number as an anomaly', async () => {
    const ghost = { noticeNumber: '301202600999999926', amountCents: 1234 };
    const body = callbackBody(demo, receiptFor(demo, ghost, 'R-UNKNOWN'));
    const secret = await sandboxSecret(db(), demo.id);
    expect(await receiveSandboxCallback(db(), body, signPayload(secret, body, now()))).toMatchObject({ status: 200, outcome: 'anomaly:unknown_notice' });
    const [anomaly] = await db().select().from(anomalies).where(eq(anomalies.receiptId, 'R-UNKNOWN'));
    expect(anomaly).toMatchObject({ kind: 'unknown_notice', noticeNumber: ghost.noticeNumber });
  });

  it('keeps a second payment of an already paid notice as an anomaly', async () => {
    const position = await newPosition(db(), demo);
    const secret = await sandboxSecret(db(), demo.id);
    const first = callbackBody(demo, receiptFor(demo, position, 'R-FIRST'));
    const second = callbackBody(demo, receiptFor(demo, position, 'R-SECOND'));
    await receiveSandboxCallback(db(), first, signPayload(secret, first, now()));
    expect(await receiveSandboxCallback(db(), second, signPayload(secret, second, now()))).toMatchObject({ outcome: 'anomaly:not_payable' });
    expect(await db().select().from(receipts).where(eq(receipts.positionId, position.id))).toHaveLength(1);
  });

  it('answers 400 to a body that is not JSON or not a receipt, and still stores it', async () => {
    expect((await receiveSandboxCallback(db(), '{non json', 't=1,v1=00')).status).toBe(400);
    expect((await lastInbox()).rawBody.toString('utf8')).toBe('{non json');
    expect((await receiveSandboxCallback(db(), JSON.stringify({ type: 'receipt' }), null)).status).toBe(400);
  });
});
