import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { anomalies, carts, enti, partnerInbox, positions, receipts, type Ente } from '@/db/schema';
import { issueInboundCredential, saveConnection } from '@/lib/partners/connections';
import { handleGpdReceiptPushRequest, receiveGpdReceiptPush, UNVERIFIED_PUSH_LIMIT } from '@/lib/partners/gpd/receipt-push';
import { defaultPartnerResolver, partnerContext, type PartnerResolver } from '@/lib/partners/registry';
import { CheckoutError, startCheckout } from '@/lib/payments/checkout';
import { checkNoticeWithPartner, recoverMissingReceipts } from '@/lib/payments/recovery';
import { startCheckoutMock, type CheckoutMock } from '../mocks/checkout';
import { startGpdMock, type GpdMock, type PushCredentials } from '../mocks/gpd';
import { drainJobs, enteBySlug, newPosition } from '../support/payments';
import { drainSequencer } from '../support/pipeline';
import { withTestDatabase } from '../support/test-db';

/*
 * An Ente on a GPD broker, end to end through the mocks: register → Checkout → pay at the mock → the
 * receipt pushed through our paSendRTV2 endpoint → position paid; then the endpoint's attacks, and the
 * recovery of a lost receipt through GPD's receipts API.
 */

const { db } = withTestDatabase();
const KEYS = { gpdKey: 'gpd-key', receiptsKey: 'receipts-key', checkoutKey: 'checkout-key' };

let gpd: GpdMock;
let checkout: CheckoutMock;
let pushServer: Server;
let pushUrl: string;
let ente: Ente;
let other: Ente;
let resolver: PartnerResolver;
let creds: PushCredentials;
let otherCreds: PushCredentials;
/** What onPay saw when the checkout mock pushed each receipt. */
const pushed: { status: number; body: string }[] = [];

/** Our endpoint as a real HTTP server, so that the mock pushes exactly as an intermediary would. */
function startPushServer(): Promise<string> {
  pushServer = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      void (async () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
        const request = new Request('http://portale.test/api/partners/pagopa/ricevute', {
          method: 'POST',
          headers,
          body: Buffer.concat(chunks),
        });
        const response = await handleGpdReceiptPushRequest(request, async () => db());
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
  });
  return new Promise((resolve) =>
    pushServer.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(pushServer.address() as AddressInfo).port}/api/partners/pagopa/ricevute`),
    ),
  );
}

/** The Ente's GPD + Checkout connection, on the mocks, with every key. */
function saveGpdConnection(enteId: string) {
  return saveConnection(
    db(),
    enteId,
    {
      protocol: 'gpd_checkout',
      settings: { gpdUrl: gpd.gpdUrl, receiptsUrl: gpd.receiptsUrl, checkoutUrl: checkout.checkoutUrl, checkoutVersion: 2 },
    },
    { secrets: KEYS },
  );
}

async function connectToGpd(slug: string, auth: 'basic' | 'api_key', principal: string): Promise<{ ente: Ente; secret: string }> {
  await db().update(enti).set({ partner: 'dedagroup' }).where(eq(enti.slug, slug));
  const found = await enteBySlug(db(), slug);
  await saveGpdConnection(found.id);
  const { secret } = await issueInboundCredential(db(), found.id, auth, principal);
  return { ente: found, secret };
}

beforeAll(async () => {
  gpd = await startGpdMock({ gpdKey: KEYS.gpdKey, receiptsKey: KEYS.receiptsKey });
  checkout = await startCheckoutMock({
    subscriptionKey: KEYS.checkoutKey,
    onPay: async (cart) => {
      for (const notice of cart.paymentNotices) {
        gpd.pay(notice.noticeNumber, { paymentNote: cart.idCart });
        pushed.push(await gpd.pushReceipt(pushUrl, notice.noticeNumber, creds));
      }
    },
  });
  pushUrl = await startPushServer();
  const valmora = await connectToGpd('valmora', 'basic', 'intermediario-valmora');
  ente = valmora.ente;
  creds = { basic: { username: 'intermediario-valmora', password: valmora.secret } };
  const castel = await connectToGpd('castel-oglio', 'api_key', 'intermediario-castel');
  other = castel.ente;
  otherCreds = { apiKey: { appId: 'intermediario-castel', key: castel.secret } };
  resolver = defaultPartnerResolver(db());
});

afterAll(async () => {
  await gpd?.close();
  await checkout?.close();
  await new Promise((resolve) => pushServer?.close(resolve));
});

async function positionRow(id: string) {
  const [row] = await db().select().from(positions).where(eq(positions.id, id));
  return row!;
}

async function receiptsOf(noticeNumber: string) {
  return db()
    .select()
    .from(receipts)
    .where(and(eq(receipts.enteId, ente.id), eq(receipts.noticeNumber, noticeNumber)));
}

/** A position of `owner` registered at the GPD mock and paid there; the receipt is not pushed yet. */
async function paidAtGpd(owner: Ente = ente) {
  const position = await newPosition(db(), owner);
  await startCheckout(db(), owner, [position.id], resolver);
  return { position, paid: gpd.pay(position.noticeNumber) };
}

function authHeaders(credentials: PushCredentials | null): Record<string, string> {
  if (!credentials) return {};
  if ('basic' in credentials)
    return { authorization: `Basic ${Buffer.from(`${credentials.basic.username}:${credentials.basic.password}`).toString('base64')}` };
  return { 'x-app-id': credentials.apiKey.appId, 'x-api-key': credentials.apiKey.key };
}

async function post(
  body: string | Uint8Array<ArrayBuffer>,
  credentials: PushCredentials | null = creds,
  headers: Record<string, string> = {},
) {
  const response = await fetch(pushUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'paSendRTV2', ...authHeaders(credentials), ...headers },
    body,
  });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

const faultCode = (body: string) => /<faultCode>([^<]+)<\/faultCode>/.exec(body)?.[1];
const outcome = (body: string) => /<outcome>(OK|KO)<\/outcome>/.exec(body)?.[1];

describe('an Ente on GPD + Checkout, end to end through the mocks', () => {
  it('registers at GPD, pays through Checkout, records the pushed receipt and pays the position', async () => {
    const position = await newPosition(db(), ente);
    const { cartId, redirectUrl } = await startCheckout(db(), ente, [position.id], resolver);
    expect(redirectUrl).toMatch(new RegExp(`^${checkout.url}/c/`));
    expect((await positionRow(position.id)).registrationStatus).toBe('registered');
    const cart = [...checkout.carts.values()].find((c) => c.idCart === cartId)!;
    expect(cart.returnUrls.returnWaitingUrl).toMatch(new RegExp(`/pagamento/esito\\?carrello=${cartId}&esito=attesa$`));
    expect(cart.paymentNotices).toEqual([
      {
        noticeNumber: position.noticeNumber,
        fiscalCode: ente.fiscalCode,
        amount: 2221,
        companyName: ente.name,
        description: position.causale,
      },
    ]);

    const page = await (await fetch(redirectUrl)).text();
    const action = /action="([^"]+\/paga)"/.exec(page)![1]!;
    const back = await fetch(new URL(action, redirectUrl), { method: 'POST', redirect: 'manual' });
    expect(back.headers.get('location')).toBe(cart.returnUrls.returnOkUrl);
    expect(pushed.at(-1)!.status).toBe(200);
    expect(outcome(pushed.at(-1)!.body)).toBe('OK');

    await drainSequencer(db());
    expect((await positionRow(position.id)).status).toBe('paid');
    const [receipt] = await receiptsOf(position.noticeNumber);
    expect(receipt).toMatchObject({ partner: 'dedagroup', amountCents: 2221, paymentNote: cartId, originalFormat: 'xml', feeCents: 100 });
    expect(receipt!.originalDocument!.toString('utf8')).toContain(`<receiptId>${receipt!.receiptId}</receiptId>`);
    const [row] = await db().select().from(carts).where(eq(carts.id, cartId));
    expect(row!.status).toBe('paid');
    const [inbox] = await db().select().from(partnerInbox).where(eq(partnerInbox.receiptId, receipt!.receiptId));
    expect(inbox).toMatchObject({
      partner: 'dedagroup',
      enteId: ente.id,
      verified: true,
      outcome: 'receipt_created',
      signature: 'basic:intermediario-valmora',
    });
    expect(inbox!.signature).not.toContain((creds as { basic: { password: string } }).basic.password);

    // The intermediary sends it again: OK, and still one receipt.
    const again = await gpd.pushReceipt(pushUrl, position.noticeNumber, creds);
    expect([again.status, outcome(again.body)]).toEqual([200, 'OK']);
    await drainSequencer(db());
    expect(await receiptsOf(position.noticeNumber)).toHaveLength(1);
  });

  it('records one receipt when the same push arrives twice at once', async () => {
    const { position } = await paidAtGpd();
    const answers = await Promise.all([1, 2, 3].map(() => gpd.pushReceipt(pushUrl, position.noticeNumber, creds)));
    expect(answers.map((a) => [a.status, outcome(a.body)])).toEqual([
      [200, 'OK'],
      [200, 'OK'],
      [200, 'OK'],
    ]);
    await drainSequencer(db());
    const [receipt] = await receiptsOf(position.noticeNumber);
    expect(await receiptsOf(position.noticeNumber)).toHaveLength(1);
    const inbox = await db().select().from(partnerInbox).where(eq(partnerInbox.receiptId, receipt!.receiptId));
    expect(inbox.map((row) => row.outcome).sort()).toEqual(['duplicate', 'duplicate', 'receipt_created']);
  });

  it('accepts the X-APP-ID / X-API-KEY credential of an Ente set up that way', async () => {
    const { position } = await paidAtGpd(other);
    const answer = await gpd.pushReceipt(pushUrl, position.noticeNumber, otherCreds);
    expect([answer.status, outcome(answer.body)]).toEqual([200, 'OK']);
    await drainSequencer(db());
    expect((await positionRow(position.id)).status).toBe('paid');
  });

  it('acknowledges a receipt for a notice we do not know, keeping it as an anomaly', async () => {
    const { paid } = await paidAtGpd();
    const unknownNotice = paid.envelope.replace(/<noticeNumber>\d+<\/noticeNumber>/, '<noticeNumber>302999999999999999</noticeNumber>');
    const answer = await post(unknownNotice);
    expect([answer.status, outcome(answer.body)]).toEqual([200, 'OK']);
    await drainSequencer(db());
    const [anomaly] = await db().select().from(anomalies).where(eq(anomalies.receiptId, paid.receiptId));
    expect(anomaly).toMatchObject({ enteId: ente.id, kind: 'unknown_notice' });
    // Still a receipt: in the chain, flagged, with the paSendRTV2 as the intermediary sent it.
    const [receipt] = await db().select().from(receipts).where(eq(receipts.id, anomaly!.receiptRowId!));
    expect(receipt).toMatchObject({ enteId: ente.id, positionId: null, anomaly: 'unknown_notice', originalFormat: 'xml' });
    expect(receipt!.originalDocument!.equals(Buffer.from(unknownNotice))).toBe(true);
    expect(receipt!.originalSha256).toBe(createHash('sha256').update(unknownNotice).digest('hex'));
  });
});

describe('GPD unreachable at checkout', () => {
  it('keeps the position pending with a retry job, which registers it once GPD answers again', async () => {
    const position = await newPosition(db(), ente);
    gpd.controls.failNext(503);
    const error = await startCheckout(db(), ente, [position.id], resolver).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckoutError);
    expect((error as CheckoutError).retryable).toBe(true);
    expect(await positionRow(position.id)).toMatchObject({ registrationStatus: 'pending', registrationAttempts: 1 });
    expect(gpd.positions.has(`${ente.fiscalCode}/${ente.fiscalCode}-${position.id}`)).toBe(false);

    await drainJobs(db(), resolver, 3_600);
    expect((await positionRow(position.id)).registrationStatus).toBe('registered');
    expect(gpd.positions.get(`${ente.fiscalCode}/${ente.fiscalCode}-${position.id}`)?.status).toBe('VALID');
  });
});

describe('the adapter as the application resolves it', () => {
  it('invalidates through the registry with the Ente’s stored connection, and tests the connection', async () => {
    const position = await newPosition(db(), ente);
    await startCheckout(db(), ente, [position.id], resolver);
    const partner = await resolver(ente);
    expect(partner.code).toBe('dedagroup');
    await partner.invalidatePosition!(partnerContext(ente), position, 'annullata dall’ufficio');
    expect(gpd.positions.get(`${ente.fiscalCode}/${ente.fiscalCode}-${position.id}`)?.status).toBe('INVALID');
    expect((await partner.testConnection!(partnerContext(ente))).every((c) => c.ok)).toBe(true);
    // The other Ente's notices are out of reach with this Ente's context: GPD scopes them by organization.
    expect(await partner.fetchNoticeStatus(partnerContext(other), position.noticeNumber)).toEqual({ state: 'unpaid' });
  });
});

describe('the paSendRTV2 endpoint refuses', () => {
  it('absent, wrong or another Ente’s credentials, an Ente on the sandbox or on GovPay, with 401 and nothing recorded', async () => {
    const { position, paid } = await paidAtGpd();
    const demo = await enteBySlug(db(), 'comune-demo');
    const cases: [PushCredentials | null, string][] = [
      [null, paid.envelope],
      [{ basic: { username: 'intermediario-valmora', password: 'sbagliata' } }, paid.envelope],
      [otherCreds, paid.envelope],
      [creds, paid.envelope.replaceAll(`<idPA>${ente.fiscalCode}</idPA>`, `<idPA>${demo.fiscalCode}</idPA>`)],
      [creds, paid.envelope.replaceAll(`<idPA>${ente.fiscalCode}</idPA>`, '<idPA>99999999999</idPA>')],
    ];
    for (const [credentials, body] of cases) {
      const answer = await post(body, credentials);
      expect([answer.status, outcome(answer.body), faultCode(answer.body)]).toEqual([401, 'KO', 'PAA_ID_DOMINIO_ERRATO']);
      expect(answer.contentType).toBe('text/xml; charset=utf-8');
    }
    // The Ente's own credential, but its connection speaks GovPay: not accepted on the GPD endpoint.
    await saveConnection(db(), ente.id, {
      protocol: 'govpay',
      settings: {
        pendenzeUrl: 'https://govpay.example.it/pendenze',
        ragioneriaUrl: 'https://govpay.example.it/ragioneria',
        idA2A: 'PORTALE',
        defaultTipoPendenza: 'LIBERO',
        outboundAuth: 'basic',
        ownNoticeNumbers: true,
        checkoutUrl: checkout.checkoutUrl,
        checkoutVersion: 2,
      },
    });
    try {
      const answer = await post(paid.envelope, creds);
      expect([answer.status, faultCode(answer.body)]).toEqual([401, 'PAA_ID_DOMINIO_ERRATO']);
    } finally {
      await saveGpdConnection(ente.id);
    }
    expect((await positionRow(position.id)).status).toBe('valid');
    expect(await receiptsOf(position.noticeNumber)).toHaveLength(0);
    // Back on GPD, the same credential works again.
    expect(outcome((await post(paid.envelope, creds)).body)).toBe('OK');
    const kept = await db()
      .select()
      .from(partnerInbox)
      .where(and(eq(partnerInbox.enteId, ente.id), eq(partnerInbox.verified, false)));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => r.outcome === 'rejected')).toBe(true);
  });

  it('malformed documents with KO PAA_SINTASSI_XSD: not XML, a DOCTYPE (XXE), no receipt, a bare receipt, a NUL character, another operation', async () => {
    const { position, paid } = await paidAtGpd();
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      paid.envelope.replace(/^<\?xml[^>]*>/, '').replace('<description>', '<description>&x;');
    const noReceipt = paid.envelope.replace(/<receipt>[\s\S]*<\/receipt>/, '');
    const bare = /<receipt>[\s\S]*<\/receipt>/.exec(paid.envelope)![0];
    const nul = paid.envelope.replace('<description>', '<description>&#0;');
    for (const body of ['questo non è XML', '<a><b></a>', xxe, noReceipt, bare, nul]) {
      const answer = await post(body);
      expect([answer.status, outcome(answer.body), faultCode(answer.body)]).toEqual([200, 'KO', 'PAA_SINTASSI_XSD']);
    }
    // Those that name the Ente came from its intermediary: kept whole for staff, not dropped.
    const kept = await db()
      .select()
      .from(partnerInbox)
      .where(and(eq(partnerInbox.enteId, ente.id), eq(partnerInbox.verified, true), eq(partnerInbox.outcome, 'rejected')));
    for (const body of [xxe, noReceipt, nul]) {
      expect(kept.filter((r) => r.rawBody.toString('utf8') === body && !r.bodyTruncated)).toHaveLength(1);
    }
    const otherOperation = await post(paid.envelope, creds, { soapaction: 'paGetPayment' });
    expect(faultCode(otherOperation.body)).toBe('PAA_SINTASSI_XSD');
    expect(await receiptsOf(position.noticeNumber)).toHaveLength(0);
  });

  it('a receipt of another Ente under this Ente’s idPA, with KO PAA_ID_DOMINIO_ERRATO, kept in the inbox', async () => {
    const { position, paid } = await paidAtGpd();
    const foreign = paid.envelope.replace(`<fiscalCode>${ente.fiscalCode}</fiscalCode>`, `<fiscalCode>${other.fiscalCode}</fiscalCode>`);
    const answer = await post(foreign);
    expect([answer.status, faultCode(answer.body)]).toEqual([200, 'PAA_ID_DOMINIO_ERRATO']);
    expect((await positionRow(position.id)).status).toBe('valid');
    const rows = await db()
      .select()
      .from(partnerInbox)
      .where(and(eq(partnerInbox.enteId, ente.id), eq(partnerInbox.verified, true), eq(partnerInbox.outcome, 'rejected')));
    expect(rows.some((r) => r.rawBody.toString('utf8') === foreign)).toBe(true);
  });

  it('an oversized body with 413, and a database outage with 503 PAA_SYSTEM_ERROR so that it is sent again', async () => {
    const huge = await post(new Uint8Array(300 * 1024).fill(0x61));
    expect(huge.status).toBe(413);
    const { paid } = await paidAtGpd();
    const request = new Request(pushUrl, {
      method: 'POST',
      headers: { soapaction: 'paSendRTV2', ...authHeaders(creds) },
      body: paid.envelope,
    });
    const down = await handleGpdReceiptPushRequest(request, () => Promise.reject(new Error('database non raggiungibile')));
    expect(down.status).toBe(503);
    expect(faultCode(await down.text())).toBe('PAA_SYSTEM_ERROR');
  });

  it('stops an address that keeps pushing without valid credentials (429)', async () => {
    const headers = new Headers({ authorization: `Basic ${Buffer.from('nessuno:niente').toString('base64')}` });
    const statuses: number[] = [];
    for (let i = 0; i <= UNVERIFIED_PUSH_LIMIT.limit; i++)
      statuses.push((await receiveGpdReceiptPush(db(), Buffer.from('<x/>'), headers, { sourceAddress: '203.0.113.99' })).status);
    expect(statuses.slice(0, UNVERIFIED_PUSH_LIMIT.limit).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('recovery of a lost receipt through GPD’s receipts API', () => {
  it('records a receipt never pushed, says unpaid for an unpaid notice, and finds started carts by itself', async () => {
    const { position } = await paidAtGpd();
    expect(await checkNoticeWithPartner(db(), resolver, ente, position)).toBe('recovered');
    expect((await positionRow(position.id)).status).toBe('paid');
    const [receipt] = await receiptsOf(position.noticeNumber);
    expect(receipt!.originalDocument!.toString('utf8')).toMatch(/^<paf:paSendRTV2Request/);
    expect(await checkNoticeWithPartner(db(), resolver, ente, position)).toBe('already_recorded');

    const unpaid = await newPosition(db(), ente);
    await startCheckout(db(), ente, [unpaid.id], resolver);
    expect(await checkNoticeWithPartner(db(), resolver, ente, unpaid)).toBe('unpaid');

    const lost = await paidAtGpd();
    expect(await recoverMissingReceipts(db(), resolver, 0, new Date(Date.now() + 1_000))).toBeGreaterThanOrEqual(1);
    expect((await positionRow(lost.position.id)).status).toBe('paid');
  });

  it('fails softly when GPD is down (the next run asks again)', async () => {
    const { position } = await paidAtGpd();
    gpd.controls.failNext(503);
    expect(await checkNoticeWithPartner(db(), resolver, ente, position)).toBe('failed');
    expect((await positionRow(position.id)).status).toBe('valid');
  });
});
