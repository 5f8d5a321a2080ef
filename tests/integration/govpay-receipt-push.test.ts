import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { anomalies, carts, enti, partnerInbox, positions, receipts, type Ente, type Position } from '@/db/schema';
import { startCheckout } from '@/lib/payments/checkout';
import { gpdSettingsSchema } from '@/lib/partners/connection-settings';
import { issueInboundCredential, saveConnection } from '@/lib/partners/connections';
import { createGovpayPartner } from '@/lib/partners/govpay/partner';
import {
  handleGovpayReceiptRequest,
  receiveGovpayReceipt,
  UNVERIFIED_GOVPAY_PUSH_LIMIT,
  type GovpayReceiptPath,
} from '@/lib/partners/govpay/receipt-push';
import { defaultPartnerResolver, partnerContext } from '@/lib/partners/registry';
import { startGovpayMock, type GovpayMock, type MockRicevuta, type PushCredentials } from '../mocks/govpay';
import { GOVPAY_SECRETS, connectToGovpay, forPartner, govpaySettings } from '../support/govpay';
import { enteBySlug, newPosition } from '../support/payments';
import { drainSequencer } from '../support/pipeline';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase();
let mock: GovpayMock;
let bridge: Server;
let ecBaseUrl: string;
let valmora: Ente;
let castel: Ente;
let valmoraAuth: PushCredentials;
let castelAuth: PushCredentials;

/** Our route handler behind a real HTTP server, so that the mock pushes exactly as GovPay's connector would. */
async function startBridge(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const m = /^\/api\/partners\/govpay\/ricevute\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
        if (!m || req.method !== 'PUT') {
          res.writeHead(404).end();
          return;
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
        const [idDominio, iuv, idRicevuta] = [m[1]!, m[2]!, m[3]!].map(decodeURIComponent);
        const response = await handleGovpayReceiptRequest(
          new Request(url, { method: 'PUT', headers, body: Buffer.concat(chunks) }),
          { idDominio: idDominio!, iuv: iuv!, idRicevuta: idRicevuta! },
          async () => db(),
        );
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  const seededValmora = await enteBySlug(db(), 'valmora');
  const seededCastel = await enteBySlug(db(), 'castel-oglio');
  mock = await startGovpayMock({ companyNames: { [seededValmora.fiscalCode]: seededValmora.name } });
  const v = await connectToGovpay(db(), seededValmora, mock);
  valmora = v.ente;
  valmoraAuth = { username: v.credential.principal, password: v.credential.secret };
  const c = await connectToGovpay(db(), seededCastel, mock, { auth: 'api_key', principal: 'govpay-castel' });
  castel = c.ente;
  castelAuth = { appId: c.credential.principal, apiKey: c.credential.secret };
  bridge = await startBridge();
  ecBaseUrl = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}/api/partners/govpay`;
});

afterAll(async () => {
  await mock?.close();
  await new Promise((resolve) => bridge?.close(resolve));
});

/** A position of `ente` registered at the mock and paid there: the Ricevuta GovPay would push. */
async function paid(ente: Ente, amountCents = 2221): Promise<{ position: Position; ricevuta: MockRicevuta }> {
  const position = await newPosition(db(), ente, amountCents);
  await createGovpayPartner('nordcom_tim', govpaySettings(mock), GOVPAY_SECRETS).registerPosition(
    partnerContext(ente),
    forPartner(position),
  );
  return { position, ricevuta: mock.pay(position.noticeNumber) };
}

const receiptRows = (receiptId: string) => db().select().from(receipts).where(eq(receipts.receiptId, receiptId));
const ACCEPTED = { status: 201, body: JSON.stringify({ status: 'ok', outcome: 'accepted' }) };
/** What the pushes of one receipt came to, once the sequencer has run. */
async function settledPushes(receiptId: string) {
  await drainSequencer(db());
  const rows = await db().select().from(partnerInbox).where(eq(partnerInbox.receiptId, receiptId)).orderBy(partnerInbox.id);
  return rows.map((row) => row.outcome);
}
const statusOf = async (id: string) => (await db().select().from(positions).where(eq(positions.id, id)))[0]!.status;
const pathOf = (r: MockRicevuta): GovpayReceiptPath => ({ idDominio: r.dominio.idDominio, iuv: r.iuv, idRicevuta: r.idRicevuta });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const valmoraHeaders = () =>
  new Headers({ authorization: 'username' in valmoraAuth ? basic(valmoraAuth.username, valmoraAuth.password) : '' });

function withXml(r: MockRicevuta, edit: (xml: string) => string): MockRicevuta {
  return { ...r, rt: { ...r.rt, xml: Buffer.from(edit(Buffer.from(r.rt.xml, 'base64').toString('utf8'))).toString('base64') } };
}

function put(path: GovpayReceiptPath, body: BodyInit, headers: Record<string, string>): Request {
  const url = `http://127.0.0.1/api/partners/govpay/ricevute/${[path.idDominio, path.iuv, path.idRicevuta].map(encodeURIComponent).join('/')}`;
  return new Request(url, { method: 'PUT', body, headers, duplex: 'half' } as RequestInit);
}

describe('GovPay receipt push: accepted', () => {
  it('acknowledges a pushed receipt (201) once stored, then records it, marks the position paid, keeps rt.xml and only the principal', async () => {
    const { position, ricevuta } = await paid(valmora);
    const answer = await mock.pushReceipt(ecBaseUrl, valmoraAuth, ricevuta);
    expect(answer).toEqual(ACCEPTED);
    expect(await settledPushes(ricevuta.idRicevuta)).toEqual(['receipt_created']);
    const [row] = await receiptRows(ricevuta.idRicevuta);
    expect(row).toMatchObject({ partner: 'nordcom_tim', positionId: position.id, amountCents: 2221, originalFormat: 'xml' });
    expect(row!.originalDocument!.toString('base64')).toBe(ricevuta.rt.xml);
    expect(await statusOf(position.id)).toBe('paid');
    const [inbox] = await db().select().from(partnerInbox).where(eq(partnerInbox.receiptId, ricevuta.idRicevuta));
    expect(inbox).toMatchObject({ partner: 'nordcom_tim', enteId: valmora.id, verified: true, outcome: 'receipt_created' });
    expect(inbox!.signature).toBe(`basic:govpay-valmora`);
    expect(JSON.stringify(inbox)).not.toContain('password' in valmoraAuth ? valmoraAuth.password : '-');
  });

  it('acknowledges a duplicate with 2xx too and records nothing more', async () => {
    const { ricevuta } = await paid(valmora);
    expect(await mock.pushReceipt(ecBaseUrl, valmoraAuth, ricevuta)).toEqual(ACCEPTED);
    expect(await settledPushes(ricevuta.idRicevuta)).toEqual(['receipt_created']);
    expect(await mock.pushReceipt(ecBaseUrl, valmoraAuth, ricevuta)).toEqual(ACCEPTED);
    expect(await settledPushes(ricevuta.idRicevuta)).toEqual(['receipt_created', 'duplicate']);
    expect(await receiptRows(ricevuta.idRicevuta)).toHaveLength(1);
  });

  it('records one receipt when GovPay pushes the same one concurrently', async () => {
    const { ricevuta } = await paid(valmora);
    const answers = await Promise.all([1, 2, 3, 4].map(() => mock.pushReceipt(ecBaseUrl, valmoraAuth, ricevuta)));
    expect(answers).toEqual([ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED]);
    expect((await settledPushes(ricevuta.idRicevuta)).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'receipt_created']);
    expect(await receiptRows(ricevuta.idRicevuta)).toHaveLength(1);
  });

  it('accepts the X-APP-ID / X-API-KEY credential', async () => {
    const { position, ricevuta } = await paid(castel);
    expect((await mock.pushReceipt(ecBaseUrl, castelAuth, ricevuta)).status).toBe(201);
    await drainSequencer(db());
    expect(await statusOf(position.id)).toBe('paid');
  });

  it('keeps a receipt for an unknown notice as an anomaly, with 2xx so that GovPay stops', async () => {
    const { ricevuta } = await paid(valmora);
    const unknown = withXml({ ...ricevuta, idRicevuta: 'rt-orfana' }, (xml) =>
      xml
        .replace(/<receiptId>[^<]+<\/receiptId>/, '<receiptId>rt-orfana</receiptId>')
        .replace(/<noticeNumber>\d+<\/noticeNumber>/, '<noticeNumber>301999999999999997</noticeNumber>'),
    );
    const answer = await mock.pushReceipt(ecBaseUrl, valmoraAuth, unknown);
    expect(answer).toEqual(ACCEPTED);
    expect(await settledPushes('rt-orfana')).toEqual(['anomaly']);
    expect(await db().select().from(anomalies).where(eq(anomalies.receiptId, 'rt-orfana'))).toHaveLength(1);
  });

  it('maps a receipt given only as rt.json, keeping the Ricevuta as its original', async () => {
    const position = await newPosition(db(), valmora, 1000);
    const receiptId = 'rt-json-1';
    const ricevuta = {
      dominio: { idDominio: valmora.fiscalCode, ragioneSociale: valmora.name },
      iuv: position.iuv,
      idRicevuta: receiptId,
      importo: 10,
      esito: 'ESEGUITO',
      rt: {
        tipo: 'ctReceiptV2',
        json: {
          receiptId,
          noticeNumber: position.noticeNumber,
          fiscalCode: valmora.fiscalCode,
          outcome: 'OK',
          creditorReferenceId: position.iuv,
          paymentAmount: 10,
          description: 'CIE',
          companyName: valmora.name,
          transferList: {
            transfer: [
              {
                idTransfer: 1,
                transferAmount: '10.00',
                fiscalCodePA: valmora.fiscalCode,
                IBAN: valmora.iban,
                remittanceInformation: 'CIE',
                transferCategory: '9/0104100TS/',
              },
            ],
          },
          idPSP: 'BCITITMM',
          PSPCompanyName: 'Intesa Sanpaolo S.p.A.',
          idChannel: 'BCITITMM_01',
          fee: 0.5,
          paymentDateTime: '2026-01-15T09:00:00',
        },
      },
    };
    const body = JSON.stringify(ricevuta);
    const response = await handleGovpayReceiptRequest(
      put(pathOf(ricevuta as unknown as MockRicevuta), body, { authorization: valmoraHeaders().get('authorization')! }),
      pathOf(ricevuta as unknown as MockRicevuta),
      async () => db(),
    );
    expect(response.status).toBe(201);
    await drainSequencer(db());
    const [row] = await receiptRows(receiptId);
    expect(row).toMatchObject({ originalFormat: 'json', feeCents: 50, amountCents: 1000 });
    expect(row!.paymentDateTime.toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(row!.originalDocument!.toString('utf8')).toBe(body);
  });
});

describe('GovPay from creation to paid', () => {
  it('registers at checkout, sends the payer to Checkout, and the pushed receipt closes position and cart', async () => {
    const carts_: unknown[] = [];
    const checkout = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        carts_.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(302, { location: 'https://checkout.example/c/cart-uuid' }).end();
      });
    });
    await new Promise<void>((resolve) => checkout.listen(0, '127.0.0.1', resolve));
    try {
      const checkoutUrl = `http://127.0.0.1:${(checkout.address() as AddressInfo).port}/checkout/ec`;
      await saveConnection(db(), valmora.id, { protocol: 'govpay', settings: govpaySettings(mock, { checkoutUrl, checkoutVersion: 1 }) });
      const position = await newPosition(db(), valmora, 5000);
      const { cartId, redirectUrl } = await startCheckout(db(), valmora, [position.id], defaultPartnerResolver(db()));
      expect(redirectUrl).toBe('https://checkout.example/c/cart-uuid');
      expect(carts_).toEqual([
        expect.objectContaining({
          idCart: cartId,
          paymentNotices: [expect.objectContaining({ noticeNumber: position.noticeNumber, amount: 5000 })],
        }),
      ]);
      const [registeredRow] = await db().select().from(positions).where(eq(positions.id, position.id));
      expect(registeredRow!.registrationStatus).toBe('registered');

      const ricevuta = mock.pay(position.noticeNumber);
      expect((await mock.pushReceipt(ecBaseUrl, valmoraAuth, ricevuta)).status).toBe(201);
      await drainSequencer(db());
      expect(await statusOf(position.id)).toBe('paid');
      const [cart] = await db().select().from(carts).where(eq(carts.id, cartId));
      expect(cart!.status).toBe('paid');
    } finally {
      await new Promise((resolve) => checkout.close(resolve));
    }
  });
});

describe('GovPay receipt push: refused', () => {
  it.each([
    ['a wrong password', () => ({ username: 'govpay-valmora', password: 'sbagliata' })],
    ['another Ente’s credential', () => castelAuth],
    ['an unknown principal', () => ({ username: 'chiunque', password: 'x' })],
  ])('refuses %s with 401 and records nothing', async (_label, credentials) => {
    const { position, ricevuta } = await paid(valmora);
    const answer = await mock.pushReceipt(ecBaseUrl, credentials(), ricevuta);
    expect(answer.status).toBe(401);
    expect(await receiptRows(ricevuta.idRicevuta)).toHaveLength(0);
    expect(await statusOf(position.id)).toBe('valid');
    const rows = await db().select().from(partnerInbox).where(eq(partnerInbox.enteId, valmora.id));
    expect(rows.at(-1)).toMatchObject({ verified: false, outcome: 'rejected', receiptId: null });
  });

  it('refuses a push without credentials', async () => {
    const { ricevuta } = await paid(valmora);
    const response = await handleGovpayReceiptRequest(put(pathOf(ricevuta), JSON.stringify(ricevuta), {}), pathOf(ricevuta), async () =>
      db(),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses an Ente on the sandbox and an Ente on GPD, even with that Ente’s own credential', async () => {
    const demo = await enteBySlug(db(), 'comune-demo');
    const ronchi = await enteBySlug(db(), 'ronchi-franciacorta');
    await db().update(enti).set({ partner: 'unimatica' }).where(eq(enti.id, ronchi.id));
    await saveConnection(db(), ronchi.id, {
      protocol: 'gpd_checkout',
      settings: gpdSettingsSchema.parse({
        gpdUrl: 'http://127.0.0.1:9/gpd',
        receiptsUrl: 'http://127.0.0.1:9/r',
        checkoutUrl: 'http://127.0.0.1:9/c',
        checkoutVersion: 2,
      }),
    });
    const gpdCredential = await issueInboundCredential(db(), ronchi.id, 'basic', 'gpd-ronchi');
    const { ricevuta } = await paid(valmora);
    const demoInbox = async () => (await db().select().from(partnerInbox).where(eq(partnerInbox.enteId, demo.id))).length;
    const demoRowsBefore = await demoInbox();
    for (const [ente, auth] of [
      [demo, basic('govpay-valmora', 'password' in valmoraAuth ? valmoraAuth.password : '')],
      [ronchi, basic(gpdCredential.principal, gpdCredential.secret)],
    ] as const) {
      const path = { ...pathOf(ricevuta), idDominio: ente.fiscalCode };
      const body = JSON.stringify({ ...ricevuta, dominio: { idDominio: ente.fiscalCode, ragioneSociale: ente.name } });
      expect((await handleGovpayReceiptRequest(put(path, body, { authorization: auth }), path, async () => db())).status).toBe(401);
    }
    // Like every push endpoint, an unauthenticated body is kept only under an Ente on a real partner.
    expect(await demoInbox()).toBe(demoRowsBefore);
  });

  it('throttles unauthenticated pushes from one address (429), storing nothing over the limit', async () => {
    const path = { idDominio: valmora.fiscalCode, iuv: '01000000000000001', idRicevuta: 'x' };
    const headers = new Headers({ authorization: basic('chi', 'sono') });
    const statuses: number[] = [];
    for (let i = 0; i <= UNVERIFIED_GOVPAY_PUSH_LIMIT.limit; i++)
      statuses.push((await receiveGovpayReceipt(db(), path, headers, Buffer.from('{}'), { sourceAddress: '203.0.113.50' })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(await db().select().from(partnerInbox).where(eq(partnerInbox.sourceAddress, '203.0.113.50'))).toHaveLength(
      UNVERIFIED_GOVPAY_PUSH_LIMIT.limit,
    );
  });

  describe('malformed bodies are 400, stored as rejected, and record nothing', () => {
    const cases: [string, (r: MockRicevuta) => { body: string; path?: Partial<GovpayReceiptPath> }][] = [
      ['not JSON', () => ({ body: '{"dominio":' })],
      ['not UTF-8', () => ({ body: '\u00ff' })],
      ['an array for a string', (r) => ({ body: JSON.stringify({ ...r, dominio: { idDominio: [r.dominio.idDominio] } }) })],
      ['rt.xml not base64', (r) => ({ body: JSON.stringify({ ...r, rt: { tipo: 'ctReceiptV2', xml: '%%%not base64%%%' } }) })],
      [
        'rt.xml not XML',
        (r) => ({
          body: JSON.stringify({ ...r, rt: { tipo: 'ctReceiptV2', xml: Buffer.from('<receipt><receiptId>').toString('base64') } }),
        }),
      ],
      [
        'rt.xml with a DOCTYPE',
        (r) => ({
          body: JSON.stringify(
            withXml(r, (x) =>
              x.replace('<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
            ),
          ),
        }),
      ],
      ['no rt at all', (r) => ({ body: JSON.stringify({ ...r, rt: undefined }) })],
      ['a body for another IUV than the path', (r) => ({ body: JSON.stringify({ ...r, iuv: '01000000000000002' }) })],
      ['a body for another receipt id than the path', (r) => ({ body: JSON.stringify(r), path: { idRicevuta: 'altra' } })],
      [
        'an rt of another Ente',
        (r) => ({
          body: JSON.stringify(withXml(r, (x) => x.replace(/<fiscalCode>\d+<\/fiscalCode>/, '<fiscalCode>00812300176</fiscalCode>'))),
        }),
      ],
      [
        'an rt of another IUV',
        (r) => ({
          body: JSON.stringify(withXml(r, (x) => x.replace(/<creditorReferenceId>\d+/, '<creditorReferenceId>01000000000000003'))),
        }),
      ],
      ['a NUL byte in the receipt', (r) => ({ body: JSON.stringify(withXml(r, (x) => x.replace(/<description>/, '<description>&#0;'))) })],
      [
        'a NUL byte in the path',
        (r) => ({ body: JSON.stringify({ ...r, idRicevuta: `${r.idRicevuta}\u0000` }), path: { idRicevuta: `${r.idRicevuta}\u0000` } }),
      ],
      [
        'a receipt with outcome KO',
        (r) => ({ body: JSON.stringify(withXml(r, (x) => x.replace('<outcome>OK</outcome>', '<outcome>KO</outcome>'))) }),
      ],
    ];
    it.each(cases)('%s', async (_label, make) => {
      const { position, ricevuta } = await paid(valmora);
      const { body, path } = make(ricevuta);
      const target = { ...pathOf(ricevuta), ...path };
      const response = await handleGovpayReceiptRequest(
        put(target, body, { authorization: valmoraHeaders().get('authorization')! }),
        target,
        async () => db(),
      );
      expect(response.status).toBe(400);
      expect(await receiptRows(ricevuta.idRicevuta)).toHaveLength(0);
      expect(await statusOf(position.id)).toBe('valid');
      const rows = await db().select().from(partnerInbox).where(eq(partnerInbox.enteId, valmora.id));
      expect(rows.at(-1)).toMatchObject({ verified: true, outcome: 'rejected' });
    });
  });

  it('refuses a body over CALLBACK_MAX_BODY_BYTES with 413 without reading it all', async () => {
    const { ricevuta } = await paid(valmora);
    const huge = JSON.stringify({ ...ricevuta, padding: 'x'.repeat(300 * 1024) });
    const response = await handleGovpayReceiptRequest(
      put(pathOf(ricevuta), huge, { authorization: valmoraHeaders().get('authorization')! }),
      pathOf(ricevuta),
      async () => db(),
    );
    expect(response.status).toBe(413);
    expect(await receiptRows(ricevuta.idRicevuta)).toHaveLength(0);
  });

  it('answers 503 when the database is not there, so that GovPay retries', async () => {
    const { ricevuta } = await paid(valmora);
    const response = await handleGovpayReceiptRequest(put(pathOf(ricevuta), JSON.stringify(ricevuta), {}), pathOf(ricevuta), async () => {
      throw new Error('connessione rifiutata');
    });
    expect(response.status).toBe(503);
  });
});
