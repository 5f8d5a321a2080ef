import { eq, sql } from 'drizzle-orm';
import { anomalies, partnerInbox, positions, type Ente } from '@/db/schema';
import { handleSandboxCallbackRequest, UNVERIFIED_CALLBACK_LIMIT } from '@/lib/payments/callbacks';
import { inboxRetentionCutoff, pruneUnverifiedInbox, storeInboxEntry } from '@/lib/payments/inbox';
import { signPayload } from '@/lib/partners/signature';
import { sequencerIdle } from '@/lib/receipts-pipeline/trigger';
import { createTestDatabase, type TestDatabase, DATABASE_SETUP_MS } from '../support/test-db';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } from '../support/payments';

let testDb: TestDatabase;
let demo: Ente;
const db = () => testDb.handle.db;
const now = () => Math.floor(Date.now() / 1000);
const URL_ = 'http://localhost:3000/api/partners/sandbox/callbacks';
const LIMIT = 256 * 1024;

beforeAll(async () => {
  testDb = await createTestDatabase();
  demo = await enteBySlug(db(), 'comune-demo');
}, DATABASE_SETUP_MS);

afterAll(async () => {
  await testDb.close();
});

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(URL_, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

function call(request: Request) {
  return handleSandboxCallbackRequest(request, async () => db());
}

/** An endless body that counts what was pulled from it. */
function endlessStream(chunkBytes: number) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
  return { stream, state };
}

async function inboxCountFrom(address: string) {
  return (await db().select().from(partnerInbox).where(eq(partnerInbox.sourceAddress, address))).length;
}

async function signedCallback(receiptId: string) {
  const position = await newPosition(db(), demo);
  const body = callbackBody(demo, receiptFor(demo, position, receiptId));
  return { position, body, signature: signPayload(await sandboxSecret(db(), demo.id), body, now()) };
}

describe('sandbox callback endpoint', () => {
  it('answers 200 accepted once stored, records the client address, and its own kick appends the receipt', async () => {
    const { position, body, signature } = await signedCallback('R-HTTP-OK');
    const response = await call(post(body, { 'x-signature': signature, 'x-forwarded-for': '198.51.100.7' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', outcome: 'accepted' });
    const [row] = await db().select().from(partnerInbox).where(eq(partnerInbox.receiptId, 'R-HTTP-OK'));
    expect(row).toMatchObject({ sourceAddress: '198.51.100.7', verified: true });
    // No sweep: only the run the endpoint started.
    await sequencerIdle(db());
    const [settled] = await db().select().from(partnerInbox).where(eq(partnerInbox.receiptId, 'R-HTTP-OK'));
    expect(settled).toMatchObject({ outcome: 'receipt_created', pendingReceipt: null });
    const [paid] = await db().select().from(positions).where(eq(positions.id, position.id));
    expect(paid!.status).toBe('paid');
  });

  it('is a 404 problem when the sandbox is switched off, without touching the database', async () => {
    const previous = process.env.SANDBOX_ENABLED;
    process.env.SANDBOX_ENABLED = 'false';
    try {
      const { body, signature } = await signedCallback('R-HTTP-OFF');
      const response = await handleSandboxCallbackRequest(post(body, { 'x-signature': signature }), () =>
        Promise.reject(new Error('nessun database')),
      );
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      if (previous === undefined) delete process.env.SANDBOX_ENABLED;
      else process.env.SANDBOX_ENABLED = previous;
    }
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const { stream } = endlessStream(1024);
    const request = post(stream, { 'content-length': String(LIMIT + 1), 'x-forwarded-for': '198.51.100.20' });
    const response = await call(request);
    expect(response.status).toBe(413);
    expect(request.bodyUsed).toBe(false);
    expect(await inboxCountFrom('198.51.100.20')).toBe(0);
  });

  it('stops reading a chunked body, or one longer than its Content-Length said, once over the limit', async () => {
    for (const headers of [{}, { 'content-length': '10' }] as Record<string, string>[]) {
      const { stream, state } = endlessStream(64 * 1024);
      const response = await call(post(stream, { ...headers, 'x-forwarded-for': '198.51.100.21' }));
      expect(response.status).toBe(413);
      // The stream keeps at most a chunk or two queued ahead of the reader.
      expect(state.pulled).toBeLessThanOrEqual(LIMIT + 3 * 64 * 1024);
    }
    expect(await inboxCountFrom('198.51.100.21')).toBe(0);
  });

  it('answers 503 (and throws nothing) when the database cannot be reached', async () => {
    const { body, signature } = await signedCallback('R-HTTP-DOWN');
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const response = await handleSandboxCallbackRequest(post(body, { 'x-signature': signature }), () => Promise.reject(down));
    expect(response.status).toBe(503);
  });

  it('throttles unauthenticated callbacks per address with 429 + Retry-After, storing no more junk, but never a signed one', async () => {
    const prober = '203.0.113.66';
    // The counters are fixed windows: start well inside one, so that the count does not reset mid-test.
    const windowMs = UNVERIFIED_CALLBACK_LIMIT.windowSeconds * 1000;
    if (Date.now() % windowMs > windowMs - 10_000)
      await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 100));
    const junk = () =>
      post(JSON.stringify({ type: 'receipt', creditorFiscalCode: demo.fiscalCode }), {
        'x-signature': 't=1,v1=00',
        'x-forwarded-for': prober,
      });
    for (let i = 0; i < UNVERIFIED_CALLBACK_LIMIT.limit; i++) expect((await call(junk())).status).toBe(401);
    const throttled = await call(junk());
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(post('x'.repeat(LIMIT + 1), { 'x-forwarded-for': prober }))).status).toBe(429);
    expect(await inboxCountFrom(prober)).toBe(UNVERIFIED_CALLBACK_LIMIT.limit);

    // The partner behind the same address is not throttled: its callbacks are signed.
    const { body, signature } = await signedCallback('R-HTTP-SAME-ADDRESS');
    const genuine = await call(post(body, { 'x-signature': signature, 'x-forwarded-for': prober }));
    expect(genuine.status).toBe(200);
    // Another address is not affected by the prober.
    expect((await call(post('{}', { 'x-forwarded-for': '203.0.113.67' }))).status).toBe(400);
  });
});

describe('unverified inbox retention', () => {
  it('deletes only unverified entries older than the cutoff', async () => {
    const store = (verified: boolean) =>
      storeInboxEntry(db(), {
        partner: 'sandbox',
        body: Buffer.from(`{"prova":${verified}}`),
        signature: null,
        sourceAddress: '192.0.2.99',
        verified,
        unverifiedPrefixBytes: 4096,
        outcome: verified ? 'duplicate' : 'rejected',
      });
    const oldJunk = await store(false);
    const oldVerified = await store(true);
    const oldJunkWithAnomaly = await store(false);
    const recentJunk = await store(false);
    const fortyDaysAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    await db()
      .update(partnerInbox)
      .set({ receivedAt: fortyDaysAgo })
      .where(sql`${partnerInbox.id} in (${oldJunk}, ${oldVerified}, ${oldJunkWithAnomaly})`);
    await db().insert(anomalies).values({ enteId: demo.id, inboxId: oldJunkWithAnomaly, kind: 'unknown_notice', receiptId: 'R-RETENTION' });

    const before = inboxRetentionCutoff(30);
    expect(before.getTime()).toBeLessThan(Date.now() - 29 * 24 * 3600 * 1000);
    expect(await pruneUnverifiedInbox(db(), before)).toBeGreaterThanOrEqual(1);
    const left = new Set((await db().select({ id: partnerInbox.id }).from(partnerInbox)).map((r) => r.id));
    expect(left.has(oldJunk)).toBe(false);
    expect(left.has(oldVerified)).toBe(true);
    expect(left.has(oldJunkWithAnomaly)).toBe(true);
    expect(left.has(recentJunk)).toBe(true);
  });
});
