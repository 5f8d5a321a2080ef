import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { jobs, positions, receipts, type Ente } from '@/db/schema';
import { checkNoticeWithPartner } from '@/lib/payments/recovery';
import { createGovpayPartner } from '@/lib/partners/govpay/partner';
import { defaultPartnerResolver, partnerContext } from '@/lib/partners/registry';
import { PartnerUnavailableError, type PaymentPartner } from '@/lib/partners/types';
import { REGISTER_QUEUE, registerPosition } from '@/lib/positions/create';
import { startGovpayMock, type GovpayMock } from '../mocks/govpay';
import { GOVPAY_SECRETS, connectToGovpay, forPartner, govpaySettings } from '../support/govpay';
import { enteBySlug, newPosition } from '../support/payments';
import { withTestDatabase } from '../support/test-db';
import { rejection } from '../support/partner-errors';

const { db } = withTestDatabase();
let mock: GovpayMock;
let valmora: Ente;
let govpay: PaymentPartner;
const ctx = () => partnerContext(valmora);

beforeAll(async () => {
  const seeded = await enteBySlug(db(), 'valmora');
  mock = await startGovpayMock({ domini: [seeded.fiscalCode], companyNames: { [seeded.fiscalCode]: seeded.name } });
  valmora = (await connectToGovpay(db(), seeded, mock)).ente;
  govpay = createGovpayPartner('nordcom_tim', govpaySettings(mock), GOVPAY_SECRETS);
});

afterAll(async () => {
  await mock?.close();
});

afterEach(() => {
  mock.delayMs = 0;
  delete process.env.PARTNER_HTTP_TIMEOUT_MS;
});

const idPendenza = (id: string) => id.replace(/-/g, '');
const pendenzaOf = (positionId: string) => mock.pendenze.get(`PORTALE/${idPendenza(positionId)}`);

async function registered(amountCents = 2221) {
  const position = await newPosition(db(), valmora, amountCents);
  await govpay.registerPosition(ctx(), forPartner(position));
  return position;
}

describe('GovPay adapter: registration (PUT /pendenze/{idA2A}/{idPendenza})', () => {
  it('declares what it can do', () => {
    expect([...govpay.capabilities].sort()).toEqual(
      ['checkout', 'find_notice', 'invalidate', 'receipt_pull', 'receipt_push', 'register', 'status'].sort(),
    );
  });

  it('creates the pendenza with our notice number, euro amounts written exactly, the taxonomy split as GovPay wants it', async () => {
    const position = await registered(4501);
    const request = mock.requests.at(-1)!;
    expect(request.method).toBe('PUT');
    expect(request.path).toBe(`/govpay/backend/api/pendenze/rs/basic/v2/pendenze/PORTALE/${idPendenza(position.id)}`);
    expect(idPendenza(position.id)).toHaveLength(32);
    expect(request.body).toContain('"importo":45.01');
    expect(JSON.parse(request.body)).toEqual({
      idTipoPendenza: 'DOVUTO-PORTALE',
      idDominio: valmora.fiscalCode,
      causale: 'CIE - Emanuele Rocca',
      soggettoPagatore: { tipo: 'F', identificativo: 'RCCMNL83S18D969H', anagrafica: 'Emanuele Rocca', email: 'emanuele@example.it' },
      importo: 45.01,
      numeroAvviso: position.noticeNumber,
      voci: [
        {
          idVocePendenza: '1',
          importo: 45.01,
          descrizione: 'CIE - Emanuele Rocca',
          ibanAccredito: valmora.iban,
          tipoContabilita: 'ALTRO',
          codiceContabilita: '0104100TS/',
        },
      ],
    });
    expect(pendenzaOf(position.id)).toMatchObject({ numeroAvviso: position.noticeNumber, stato: 'NON_ESEGUITA', writes: 1 });
  });

  it('registers the same position twice without error (GovPay answers 200 to the upsert) and updates it', async () => {
    const position = await registered();
    await govpay.registerPosition(ctx(), forPartner(position));
    await govpay.registerPosition(ctx(), forPartner(position, { description: 'CIE - causale corretta' }));
    expect(pendenzaOf(position.id)).toMatchObject({ writes: 3, body: expect.objectContaining({ causale: 'CIE - causale corretta' }) });
  });

  it('sends up to five voci: another beneficiary, a postal support IBAN, a marca da bollo; service code and address', async () => {
    const position = await newPosition(db(), valmora, 12_100);
    await govpay.registerPosition(
      ctx(),
      forPartner(position, {
        serviceCode: 'TARI',
        debtorAddress: 'Via Roma 1, Valmora',
        dueDate: '2027-01-31',
        dueDateBinding: true,
        transfers: [
          {
            idTransfer: 1,
            amountCents: 10_000,
            fiscalCodePA: valmora.fiscalCode,
            companyName: valmora.name,
            iban: valmora.iban!,
            postalIban: 'IT38I0760111200001012345678',
            remittanceInformation: 'TARI 2026',
            category: '9/0101101IM/',
          },
          {
            idTransfer: 2,
            amountCents: 500,
            fiscalCodePA: '00987654321',
            companyName: 'Provincia',
            iban: 'IT60X0542811101000000654321',
            remittanceInformation: 'TEFA 2026',
            category: '9/0201102IM/',
          },
          {
            idTransfer: 3,
            amountCents: 1600,
            fiscalCodePA: valmora.fiscalCode,
            companyName: valmora.name,
            stamp: { hashDocument: 'a'.repeat(44), stampType: '01', provincialResidence: 'BS' },
            remittanceInformation: 'Bollo',
            category: '9/0301116TS/',
          },
        ],
      }),
    );
    const body = pendenzaOf(position.id)!.body;
    expect(body).toMatchObject({
      idTipoPendenza: 'TARI',
      importo: 121,
      dataScadenza: '2027-01-31',
      soggettoPagatore: { indirizzo: 'Via Roma 1, Valmora' },
    });
    expect(body.voci).toEqual([
      expect.objectContaining({
        ibanAccredito: valmora.iban,
        ibanAppoggio: 'IT38I0760111200001012345678',
        tipoContabilita: 'ALTRO',
        codiceContabilita: '0101101IM/',
      }),
      expect.objectContaining({ idDominio: '00987654321', importo: 5, codiceContabilita: '0201102IM/' }),
      { idVocePendenza: '3', importo: 16, descrizione: 'Bollo', tipoBollo: '01', hashDocumento: 'a'.repeat(44), provinciaResidenza: 'BS' },
    ]);
  });

  it('uses the ANONIMO placeholder for a payer nobody identified, and dataValidita for a merely default due date', async () => {
    const position = await newPosition(db(), valmora);
    await govpay.registerPosition(ctx(), forPartner(position, { debtor: null, dueDate: '2027-03-01', dueDateBinding: false }));
    const body = pendenzaOf(position.id)!.body;
    expect(body.soggettoPagatore).toEqual({ tipo: 'F', identificativo: 'ANONIMO', anagrafica: 'ANONIMO' });
    expect(body).toMatchObject({ dataValidita: '2027-03-01' });
    expect(body).not.toHaveProperty('dataScadenza');
  });

  it('refuses, before calling, what GovPay cannot hold: transfers not adding up, a 7/ taxonomy', async () => {
    const position = await newPosition(db(), valmora, 1000);
    const calls = mock.requests.length;
    const one = {
      idTransfer: 1,
      amountCents: 900,
      fiscalCodePA: valmora.fiscalCode,
      companyName: valmora.name,
      iban: valmora.iban!,
      remittanceInformation: 'x',
      category: '9/0101101IM/',
    };
    await rejection(govpay.registerPosition(ctx(), forPartner(position, { transfers: [one] })));
    await rejection(govpay.registerPosition(ctx(), forPartner(position, { taxonomyCode: '7/0101101IM/' })));
    expect(mock.requests.length).toBe(calls);
  });

  it('refuses a notice number GovPay assigned instead of ours, telling what to switch on', async () => {
    const assigning = await startGovpayMock({ assignsNoticeNumbers: true });
    try {
      const partner = createGovpayPartner('nordcom_tim', govpaySettings(assigning, { ownNoticeNumbers: false }), GOVPAY_SECRETS);
      const position = await newPosition(db(), valmora);
      const error = await rejection(partner.registerPosition(ctx(), forPartner(position)));
      expect(error.message).toMatch(/Generazione IUV interna/);
      expect(JSON.parse(assigning.requests.at(-1)!.body)).not.toHaveProperty('numeroAvviso');
    } finally {
      await assigning.close();
    }
  });

  it('keeps the position pending and enqueues a retry when GovPay is unavailable (503), then registers it', async () => {
    const resolve = defaultPartnerResolver(db());
    const position = await newPosition(db(), valmora);
    mock.failNext(503);
    expect(await registerPosition(db(), valmora, position, resolve)).toBe('pending');
    const [row] = await db().select().from(positions).where(eq(positions.id, position.id));
    expect(row).toMatchObject({ registrationStatus: 'pending', registrationAttempts: 1 });
    expect(row!.registrationError).toMatch(/HTTP 503/);
    const queued = await db()
      .select()
      .from(jobs)
      .where(and(eq(jobs.queue, REGISTER_QUEUE), eq(jobs.singletonKey, position.id)));
    expect(queued).toHaveLength(1);
    expect(await registerPosition(db(), valmora, row!, resolve)).toBe('registered');
  });
});

describe('GovPay adapter: documented errors', () => {
  it.each([
    [400, 'SINTASSI'],
    [404, 'NOT_FOUND'],
    [409, 'RICHIESTA'],
    [422, 'OPERAZIONE'],
  ])('HTTP %i is final, with GovPay’s code', async (status, codice) => {
    const position = await newPosition(db(), valmora);
    mock.failNext(status);
    const error = await rejection(govpay.registerPosition(ctx(), forPartner(position)));
    expect(error).toMatchObject({ status });
    if (status !== 400 && status !== 404) expect(error.code).toBe(codice);
  });

  it.each([500, 502, 503])('HTTP %i is transient', async (status) => {
    const position = await newPosition(db(), valmora);
    mock.failNext(status);
    await expect(govpay.registerPosition(ctx(), forPartner(position))).rejects.toBeInstanceOf(PartnerUnavailableError);
  });

  it('a wrong password is a 401, final', async () => {
    const wrong = createGovpayPartner('nordcom_tim', govpaySettings(mock), { password: 'sbagliata' });
    const error = await rejection(wrong.registerPosition(ctx(), forPartner(await newPosition(db(), valmora))));
    expect(error).toMatchObject({ status: 401, code: 'AUTORIZZAZIONE' });
  });

  it('another Ente’s dominio is a 403', async () => {
    const demo = await enteBySlug(db(), 'comune-demo');
    const position = await newPosition(db(), demo);
    const error = await rejection(govpay.registerPosition(partnerContext(demo), forPartner(position)));
    expect(error.status).toBe(403);
  });

  it('a field GovPay refuses is a 400 (the mock validates like GovPay)', async () => {
    const error = await rejection(
      govpay.registerPosition(ctx(), forPartner(await newPosition(db(), valmora), { serviceCode: 'TIPO.CON.PUNTI', description: '' })),
    );
    expect(error).toMatchObject({ status: 400, code: 'SINTASSI' });
  });

  it('a missing credential in the connection waits (unavailable), it does not fail the position', async () => {
    const incomplete = createGovpayPartner('nordcom_tim', govpaySettings(mock), {});
    await expect(incomplete.registerPosition(ctx(), forPartner(await newPosition(db(), valmora)))).rejects.toBeInstanceOf(
      PartnerUnavailableError,
    );
  });

  it('no answer within PARTNER_HTTP_TIMEOUT_MS is transient; a slow answer under it succeeds', async () => {
    process.env.PARTNER_HTTP_TIMEOUT_MS = '300';
    mock.delayMs = 1500;
    await expect(govpay.registerPosition(ctx(), forPartner(await newPosition(db(), valmora)))).rejects.toBeInstanceOf(
      PartnerUnavailableError,
    );
    mock.delayMs = 150;
    process.env.PARTNER_HTTP_TIMEOUT_MS = '3000';
    const position = await newPosition(db(), valmora);
    await govpay.registerPosition(ctx(), forPartner(position));
    expect(pendenzaOf(position.id)).toBeDefined();
  });
});

describe('GovPay adapter: annulment (PATCH json-patch)', () => {
  it('annuls a pendenza with the JSON patch, and annulling again is fine', async () => {
    const position = await registered();
    await govpay.invalidatePosition!(ctx(), position, 'Annullata dall’ufficio');
    const request = mock.requests.at(-1)!;
    expect(request.headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.parse(request.body)).toEqual([
      { op: 'REPLACE', path: '/stato', value: 'ANNULLATA' },
      { op: 'REPLACE', path: '/descrizioneStato', value: 'Annullata dall’ufficio' },
    ]);
    expect(pendenzaOf(position.id)).toMatchObject({ stato: 'ANNULLATA', descrizioneStato: 'Annullata dall’ufficio' });
    await govpay.invalidatePosition!(ctx(), position, 'di nuovo');
  });

  it('refuses to annul a paid pendenza (VER_009, then read: ESEGUITA)', async () => {
    const position = await registered();
    mock.pay(position.noticeNumber);
    const error = await rejection(govpay.invalidatePosition!(ctx(), position, 'tardi'));
    expect(error).toMatchObject({ code: 'VER_009' });
    expect(error.message).toMatch(/già pagata/);
  });

  it('an unknown pendenza is a 404, final', async () => {
    const position = await newPosition(db(), valmora);
    expect(await rejection(govpay.invalidatePosition!(ctx(), position, 'x'))).toMatchObject({ status: 404 });
  });
});

describe('GovPay adapter: status, receipts and notices', () => {
  it('finds a paid notice’s receipt in Ragioneria and decodes rt.xml', async () => {
    const position = await registered(4501);
    mock.pay(position.noticeNumber, {
      receiptId: 'rt-govpay-1',
      feeCents: 150,
      paymentDateTime: '2026-07-06T12:35:26',
      pspFiscalCode: '00799960158',
    });
    const status = await govpay.fetchNoticeStatus(ctx(), position.noticeNumber);
    expect(status.state).toBe('paid');
    if (status.state !== 'paid') return;
    expect(status.receipt).toMatchObject({
      receiptId: 'rt-govpay-1',
      noticeNumber: position.noticeNumber,
      creditorFiscalCode: valmora.fiscalCode,
      creditorReferenceId: position.iuv,
      amountCents: 4501,
      feeCents: 150,
      pspName: 'Intesa Sanpaolo S.p.A.',
      pspFiscalCode: '00799960158',
      paymentMethod: 'creditCard',
      paymentDateTime: '2026-07-06T10:35:26.000Z',
      original: { format: 'xml' },
    });
    const paths = mock.requests.slice(-2).map((r) => r.path);
    expect(paths[0]).toBe(`/govpay/backend/api/ragioneria/rs/basic/v3/ricevute?idDominio=${valmora.fiscalCode}&iuv=${position.iuv}`);
    expect(paths[1]).toBe(`/govpay/backend/api/ragioneria/rs/basic/v3/ricevute/${valmora.fiscalCode}/${position.iuv}/rt-govpay-1`);
  });

  it('reads the pendenza once when there is no receipt: unpaid, cancelled, expired, paid without receipt, unknown', async () => {
    const unpaid = await registered();
    expect(await govpay.fetchNoticeStatus(ctx(), unpaid.noticeNumber)).toEqual({ state: 'unpaid' });
    expect(mock.requests.at(-1)!.path).toBe(
      `/govpay/backend/api/pendenze/rs/basic/v2/pendenze/byAvviso/${valmora.fiscalCode}/${unpaid.noticeNumber}`,
    );
    const cancelled = await registered();
    await govpay.invalidatePosition!(ctx(), cancelled, 'x');
    expect(await govpay.fetchNoticeStatus(ctx(), cancelled.noticeNumber)).toEqual({ state: 'cancelled' });
    const expired = await registered();
    pendenzaOf(expired.id)!.stato = 'SCADUTA';
    expect(await govpay.fetchNoticeStatus(ctx(), expired.noticeNumber)).toEqual({ state: 'expired' });
    const paid = await registered();
    pendenzaOf(paid.id)!.stato = 'ESEGUITA';
    expect(await govpay.fetchNoticeStatus(ctx(), paid.noticeNumber)).toEqual({ state: 'paid_without_receipt' });
    expect(await govpay.fetchNoticeStatus(ctx(), '301999999999999999')).toEqual({ state: 'unknown' });
  });

  it('recovers a lost receipt through checkNoticeWithPartner, once', async () => {
    const resolve = defaultPartnerResolver(db());
    const position = await newPosition(db(), valmora);
    expect(await registerPosition(db(), valmora, position, resolve)).toBe('registered');
    mock.pay(position.noticeNumber, { receiptId: 'rt-recovered-1' });
    expect(await checkNoticeWithPartner(db(), resolve, valmora, position)).toBe('recovered');
    expect(await checkNoticeWithPartner(db(), resolve, valmora, position)).toBe('already_recorded');
    const stored = await db().select().from(receipts).where(eq(receipts.receiptId, 'rt-recovered-1'));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ partner: 'nordcom_tim', originalFormat: 'xml', positionId: position.id });
    const [row] = await db().select().from(positions).where(eq(positions.id, position.id));
    expect(row!.status).toBe('paid');
  });

  it('a recovery that GovPay cannot answer reports failed, records nothing', async () => {
    const resolve = defaultPartnerResolver(db());
    const position = await registered();
    mock.failNext(502);
    expect(await checkNoticeWithPartner(db(), resolve, valmora, position)).toBe('failed');
  });

  it('finds a notice GovPay knows, payable only while NON_ESEGUITA; an unknown one is null', async () => {
    const position = await registered(3000);
    expect(await govpay.findNotice!(ctx(), position.noticeNumber)).toEqual({
      noticeNumber: position.noticeNumber,
      iuv: position.iuv,
      amountCents: 3000,
      description: 'CIE - Emanuele Rocca',
      dueDate: null,
      debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca', email: 'emanuele@example.it' },
      payable: true,
    });
    mock.pay(position.noticeNumber);
    expect(await govpay.findNotice!(ctx(), position.noticeNumber)).toMatchObject({ payable: false });
    expect(await govpay.findNotice!(ctx(), '301999999999999998')).toBeNull();
  });
});

describe('GovPay adapter: checkout and connection test', () => {
  it('posts the cart to pagoPA Checkout v2 with the subscription key and follows nothing', async () => {
    const seen: { url?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    const checkout = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        Object.assign(seen, { url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(302, { location: 'https://checkout.example/c/123e4567' });
        response.end();
      });
    });
    await new Promise<void>((resolve) => checkout.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(checkout.address() as AddressInfo).port}/checkout/ec`;
      const partner = createGovpayPartner('nordcom_tim', govpaySettings(mock, { checkoutUrl: base }), {
        ...GOVPAY_SECRETS,
        checkoutKey: 'chiave-checkout',
      });
      const session = await partner.startCheckout(ctx(), {
        cartId: 'cart-1',
        notices: [{ noticeNumber: '301000000000000144', amountCents: 4501, description: 'Mensa' }],
        returnUrls: { ok: 'https://x/ok', cancel: 'https://x/ko', error: 'https://x/err', waiting: 'https://x/wait' },
      });
      expect(session).toEqual({ sessionId: 'cart-1', redirectUrl: 'https://checkout.example/c/123e4567' });
      expect(seen.url).toBe('/checkout/ec/v2/carts');
      expect(seen.headers!['ocp-apim-subscription-key']).toBe('chiave-checkout');
      expect(JSON.parse(seen.body!)).toMatchObject({
        paymentNotices: [{ noticeNumber: '301000000000000144', fiscalCode: valmora.fiscalCode, amount: 4501 }],
        returnUrls: { returnWaitingUrl: 'https://x/wait' },
        idCart: 'cart-1',
      });
    } finally {
      await new Promise((resolve) => checkout.close(resolve));
    }
  });

  it('tests the connection with reads only and says what fails', async () => {
    const before = mock.requests.length;
    expect(await govpay.testConnection!(ctx())).toEqual([
      { operation: 'API Pendenze (lettura pendenze)', ok: true, detail: 'Risponde correttamente' },
      { operation: 'API Ragioneria (lettura ricevute)', ok: true, detail: 'Risponde correttamente' },
    ]);
    expect(mock.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
    const wrong = createGovpayPartner('nordcom_tim', govpaySettings(mock), { password: 'sbagliata' });
    const checks = await wrong.testConnection!(ctx());
    expect(checks.map((c) => c.ok)).toEqual([false, false]);
    expect(checks[0]!.detail).toMatch(/credenziali rifiutate/);
  });
});
