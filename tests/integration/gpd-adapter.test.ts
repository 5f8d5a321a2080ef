import { createGpdPartner } from '@/lib/partners/gpd/partner';
import { iupdOf } from '@/lib/partners/gpd/debt-position';
import { PartnerUnavailableError, type PartnerContext, type PositionForPartner } from '@/lib/partners/types';
import { startGpdMock, type GpdMock } from '../mocks/gpd';
import { rejection } from '../support/partner-errors';

/*
 * Contract tests of the GPD adapter against the GPD mock: every operation and every documented answer
 * (201, 400, 401, 403, 404, 409 matching and not, 500, timeout, slow answer). No database is needed.
 */

const ORG = '00754120178';
const ctx: PartnerContext = { creditorFiscalCode: ORG, companyName: 'Comune di Valmora' };
const KEYS = { gpdKey: 'gpd-key-1', receiptsKey: 'receipts-key-1', checkoutKey: 'checkout-key-1' };

let mock: GpdMock;
let counter = 0;

beforeAll(async () => {
  mock = await startGpdMock({ gpdKey: KEYS.gpdKey, receiptsKey: KEYS.receiptsKey, enabledOrganizations: [ORG, '00834550170'] });
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  mock.controls.delayMs = 0;
  delete process.env.PARTNER_HTTP_TIMEOUT_MS;
});

function partner(keys: Partial<typeof KEYS> = KEYS) {
  return createGpdPartner(
    'dedagroup',
    { gpdUrl: mock.gpdUrl, receiptsUrl: mock.receiptsUrl, checkoutUrl: 'http://127.0.0.1:9/checkout/ec', checkoutVersion: 2 },
    keys,
  );
}

/** A fresh position with its own IUV and NAV (aux digit 3, segregation code 02). */
function position(overrides: Partial<PositionForPartner> = {}): PositionForPartner {
  counter++;
  const iuv = `02${String(Date.now() % 1e9).padStart(9, '0')}${String(counter).padStart(4, '0')}00`.slice(0, 17);
  return {
    id: `4f1c2d3e-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    noticeNumber: `3${iuv}`,
    iuv,
    amountCents: 4501,
    description: 'Mensa marzo',
    dueDate: '2027-01-31',
    dueDateBinding: true,
    debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca', email: 'e@example.it' },
    iban: 'IT55L0503411200000000004567',
    taxonomyCode: '9/0107101TS/',
    ...overrides,
  };
}

const lastRequest = () => mock.controls.requests.at(-1)!;
const lastBody = () => JSON.parse(lastRequest().body.toString('utf8')) as Record<string, unknown>;

describe('GPD adapter: registerPosition', () => {
  it('creates a VALID position in one call, with the body GPD requires', async () => {
    const p = position();
    await partner().registerPosition(ctx, p);
    const request = lastRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/gpd/debt-positions-service/v1/organizations/${ORG}/debtpositions?toPublish=true`);
    expect(request.headers['ocp-apim-subscription-key']).toBe(KEYS.gpdKey);
    expect(request.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lastBody()).toEqual({
      iupd: `${ORG}-${p.id}`,
      type: 'F',
      fiscalCode: 'RCCMNL83S18D969H',
      fullName: 'Emanuele Rocca',
      email: 'e@example.it',
      companyName: 'Comune di Valmora',
      switchToExpired: true,
      validityDate: null,
      paymentOption: [
        {
          iuv: p.iuv,
          nav: p.noticeNumber,
          amount: 4501,
          description: 'Mensa marzo',
          isPartialPayment: false,
          dueDate: '2027-01-31T23:59:59',
          transfer: [
            {
              idTransfer: '1',
              amount: 4501,
              organizationFiscalCode: ORG,
              companyName: 'Comune di Valmora',
              remittanceInformation: 'Mensa marzo',
              category: '9/0107101TS/',
              iban: 'IT55L0503411200000000004567',
            },
          ],
        },
      ],
    });
    expect(mock.positions.get(`${ORG}/${iupdOf(ctx, p.id)}`)?.status).toBe('VALID');
  });

  it('sends up to five transfers (other beneficiary, postal IBAN, marca da bollo), the placeholder debtor and a default due date', async () => {
    const p = position({
      amountCents: 12_116,
      debtor: null,
      dueDate: null,
      dueDateBinding: false,
      officeName: 'Ufficio Tributi',
      debtorAddress: 'Via Roma 1, 25100 Brescia',
      transfers: [
        {
          idTransfer: 1,
          amountCents: 10_000,
          fiscalCodePA: ORG,
          companyName: 'Comune di Valmora',
          iban: 'IT55L0503411200000000004567',
          remittanceInformation: 'TARI',
          category: '9/0101101IM/',
        },
        {
          idTransfer: 2,
          amountCents: 500,
          fiscalCodePA: '80008750178',
          companyName: 'Provincia di Brescia',
          iban: 'IT60X0542811101000000654321',
          remittanceInformation: 'TEFA',
          category: '9/0201102IM/',
        },
        {
          idTransfer: 3,
          amountCents: 1_600,
          fiscalCodePA: ORG,
          companyName: 'Comune di Valmora',
          stamp: { hashDocument: 'a'.repeat(44), stampType: '01', provincialResidence: 'BS' },
          remittanceInformation: 'Bollo',
          category: '9/0301116TS/',
        },
        {
          idTransfer: 4,
          amountCents: 10,
          fiscalCodePA: ORG,
          companyName: 'Comune di Valmora',
          iban: 'IT55L0503411200000000004567',
          postalIban: 'IT57N0760111200001234567890',
          remittanceInformation: 'Spese',
          category: '9/0101101IM/',
        },
        {
          idTransfer: 5,
          amountCents: 6,
          fiscalCodePA: ORG,
          companyName: 'Comune di Valmora',
          iban: 'IT55L0503411200000000004567',
          remittanceInformation: 'Arrotondamento',
          category: '9/0101101IM/',
        },
      ],
    });
    await partner().registerPosition(ctx, p);
    const body = lastBody();
    expect(body).toMatchObject({
      type: 'F',
      fiscalCode: 'ANONIMO',
      fullName: 'ANONIMO',
      switchToExpired: false,
      officeName: 'Ufficio Tributi',
      streetName: 'Via Roma 1, 25100 Brescia',
    });
    const [option] = body.paymentOption as { dueDate: string; transfer: Record<string, unknown>[] }[];
    expect(option!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59$/);
    expect(Date.parse(option!.dueDate.slice(0, 10))).toBeGreaterThan(Date.now() + 80 * 86_400_000);
    expect(option!.transfer.map((t) => t.idTransfer)).toEqual(['1', '2', '3', '4', '5']);
    expect(option!.transfer[1]).toMatchObject({
      organizationFiscalCode: '80008750178',
      companyName: 'Provincia di Brescia',
      category: '9/0201102IM/',
    });
    expect(option!.transfer[2]).toEqual(
      expect.objectContaining({ stamp: { hashDocument: 'a'.repeat(44), stampType: '01', provincialResidence: 'BS' } }),
    );
    expect(option!.transfer[2]).not.toHaveProperty('iban');
    expect(option!.transfer[3]).toMatchObject({ iban: 'IT55L0503411200000000004567', postalIban: 'IT57N0760111200001234567890' });

    // A debtor known only by fiscal code still has the name GPD requires.
    await partner().registerPosition(ctx, position({ debtor: { type: 'G', fiscalCode: '01234567890', fullName: '' } }));
    expect(lastBody()).toMatchObject({ type: 'G', fiscalCode: '01234567890', fullName: '01234567890' });
  });

  it('treats a 409 as done when GPD already holds the same IUV, NAV and amount (a retry after a lost answer)', async () => {
    const p = position();
    await partner().registerPosition(ctx, p);
    await partner().registerPosition(ctx, p);
    expect(mock.controls.requests.slice(-2).map((r) => `${r.method} ${r.path.split('?')[0]!.split('/').pop()}`)).toEqual([
      'POST debtpositions',
      `GET ${iupdOf(ctx, p.id)}`,
    ]);
  });

  it('refuses a 409 whose stored position differs, or whose IUV belongs to another position', async () => {
    const p = position();
    await partner().registerPosition(ctx, p);
    const differentAmount = await rejection(partner().registerPosition(ctx, { ...p, amountCents: 4502, transfers: undefined }));
    expect(differentAmount.status).toBe(409);
    expect(differentAmount.message).toMatch(/IUV o importo diversi/);
    const sameIuvOtherId = await rejection(partner().registerPosition(ctx, { ...p, id: '4f1c2d3e-0000-4000-8000-999999999999' }));
    expect(sameIuvOtherId.message).toMatch(/già usati da un'altra posizione/);
  });

  it('is rejected with GPD ProblemJson on an invalid body (400), a wrong key (401), an Ente not enabled (403)', async () => {
    const bad = await rejection(
      partner().registerPosition(
        ctx,
        position({
          transfers: [
            {
              idTransfer: 1,
              amountCents: 100,
              fiscalCodePA: ORG,
              companyName: 'X',
              iban: 'IT55L0503411200000000004567',
              remittanceInformation: 'x',
              category: '9/0101101IM/',
            },
          ],
        }),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/must coincide with the total of the transfers/);
    expect((await rejection(partner({ ...KEYS, gpdKey: 'wrong' }).registerPosition(ctx, position()))).status).toBe(401);
    expect((await rejection(partner({ ...KEYS, gpdKey: undefined }).registerPosition(ctx, position()))).status).toBe(401);
    expect((await rejection(partner().registerPosition({ ...ctx, creditorFiscalCode: '00845600170' }, position()))).status).toBe(403);
  });

  it('is unavailable (retry later) on a 500, a 503 and a timeout, and waits for a slow answer under the timeout', async () => {
    mock.controls.failNext(500);
    await expect(partner().registerPosition(ctx, position())).rejects.toBeInstanceOf(PartnerUnavailableError);
    mock.controls.failNext(503);
    await expect(partner().registerPosition(ctx, position())).rejects.toBeInstanceOf(PartnerUnavailableError);

    process.env.PARTNER_HTTP_TIMEOUT_MS = '300';
    mock.controls.delayMs = 1_000;
    await expect(partner().registerPosition(ctx, position())).rejects.toThrow(/nessuna risposta entro 300 ms/);

    process.env.PARTNER_HTTP_TIMEOUT_MS = '3000';
    mock.controls.delayMs = 400;
    const slow = position();
    await partner().registerPosition(ctx, slow);
    expect(mock.positions.has(`${ORG}/${iupdOf(ctx, slow.id)}`)).toBe(true);
  });
});

describe('GPD adapter: invalidatePosition', () => {
  it('invalidates a valid position, and a second time is still success (INVALID)', async () => {
    const p = position();
    await partner().registerPosition(ctx, p);
    await partner().invalidatePosition!(ctx, p, 'annullata');
    expect(mock.positions.get(`${ORG}/${iupdOf(ctx, p.id)}`)?.status).toBe('INVALID');
    await partner().invalidatePosition!(ctx, p, 'annullata');
  });

  it('succeeds for an expired position and for one GPD never had, and refuses a paid one', async () => {
    const expired = position();
    await partner().registerPosition(ctx, expired);
    mock.positions.get(`${ORG}/${iupdOf(ctx, expired.id)}`)!.status = 'EXPIRED';
    await partner().invalidatePosition!(ctx, expired, 'scaduta');
    await partner().invalidatePosition!(ctx, position(), 'mai registrata');

    const paid = position();
    await partner().registerPosition(ctx, paid);
    mock.pay(paid.noticeNumber);
    const error = await rejection(partner().invalidatePosition!(ctx, paid, 'annullata'));
    expect(error.message).toMatch(/non si può invalidare \(stato PAID\)/);
  });

  it('is unavailable on a 500 and rejected on a wrong key', async () => {
    const p = position();
    await partner().registerPosition(ctx, p);
    mock.controls.failNext(500);
    await expect(partner().invalidatePosition!(ctx, p, 'x')).rejects.toBeInstanceOf(PartnerUnavailableError);
    expect((await rejection(partner({ ...KEYS, gpdKey: 'wrong' }).invalidatePosition!(ctx, p, 'x'))).status).toBe(401);
  });
});

describe('GPD adapter: fetchNoticeStatus through the receipts API', () => {
  it('is unpaid on a 404 and paid, with the receipt parsed from the stored XML, once paid', async () => {
    const p = position();
    await partner().registerPosition(ctx, p);
    expect(await partner().fetchNoticeStatus(ctx, p.noticeNumber)).toEqual({ state: 'unpaid' });
    const request = lastRequest();
    expect(request.path).toBe(`/gpd/payments-receipts-service/v1/payments/${ORG}/receipts/${p.iuv}`);
    expect(request.headers['ocp-apim-subscription-key']).toBe(KEYS.receiptsKey);

    const paid = mock.pay(p.noticeNumber, { paymentNote: 'carrello-1' });
    const status = await partner().fetchNoticeStatus(ctx, p.noticeNumber);
    expect(status.state).toBe('paid');
    if (status.state !== 'paid') return;
    expect(status.receipt).toMatchObject({
      receiptId: paid.receiptId,
      noticeNumber: p.noticeNumber,
      creditorFiscalCode: ORG,
      creditorReferenceId: p.iuv,
      amountCents: 4501,
      pspName: 'Intesa Sanpaolo S.p.A.',
      feeCents: 100,
      paymentNote: 'carrello-1',
      original: { format: 'xml', bytes: Buffer.from(paid.request) },
    });
    expect(status.receipt.paymentDateTime).toMatch(/Z$/);
  });

  it('is unavailable on a 500 and a timeout, rejected on a wrong key, and refuses a malformed notice number', async () => {
    const p = position();
    mock.controls.failNext(500);
    await expect(partner().fetchNoticeStatus(ctx, p.noticeNumber)).rejects.toBeInstanceOf(PartnerUnavailableError);
    process.env.PARTNER_HTTP_TIMEOUT_MS = '200';
    mock.controls.delayMs = 700;
    await expect(partner().fetchNoticeStatus(ctx, p.noticeNumber)).rejects.toBeInstanceOf(PartnerUnavailableError);
    mock.controls.delayMs = 0;
    expect((await rejection(partner({ ...KEYS, receiptsKey: 'wrong' }).fetchNoticeStatus(ctx, p.noticeNumber))).status).toBe(401);
    await expect(partner().fetchNoticeStatus(ctx, '../../x')).rejects.toThrow(RangeError);
  });

  it('refuses a receipt that is not for the notice asked about', async () => {
    const p = position();
    await partner().registerPosition(ctx, p);
    const paid = mock.pay(p.noticeNumber);
    const other = position();
    mock.receipts.set(`${ORG}/${other.iuv}`, paid.request);
    expect((await rejection(partner().fetchNoticeStatus(ctx, other.noticeNumber))).message).toMatch(/riguarda un altro avviso/);
    mock.receipts.set(`${ORG}/${other.iuv}`, '<non-xml');
    expect((await rejection(partner().fetchNoticeStatus(ctx, other.noticeNumber))).message).toMatch(/ricevuta illeggibile/);
  });
});

describe('GPD adapter: capabilities and testConnection', () => {
  it('declares what it does, and no more', () => {
    expect([...partner().capabilities].sort()).toEqual(['checkout', 'invalidate', 'receipt_pull', 'receipt_push', 'register', 'status']);
    expect(partner().findNotice).toBeUndefined();
    expect(partner().listReportingFlows).toBeUndefined();
  });

  it('reports each API with safe reads only', async () => {
    const before = mock.controls.requests.length;
    expect(await partner().testConnection!(ctx)).toEqual([
      { operation: 'Posizioni debitorie (GPD)', ok: true, detail: 'Raggiungibile, chiave accettata' },
      { operation: 'Ricevute (GPD payments)', ok: true, detail: 'Raggiungibile, chiave accettata' },
    ]);
    expect(mock.controls.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(mock.controls.requests.at(-2)!.path).toMatch(/debtpositions\?page=0&limit=1$/);
    expect(mock.controls.requests.at(-1)!.path).toMatch(/receipts\?pageNum=0&pageSize=1$/);

    mock.controls.failNext(503);
    const checks = await partner({ ...KEYS, receiptsKey: 'wrong' }).testConnection!(ctx);
    expect(checks.map((c) => c.ok)).toEqual([false, false]);
    expect(checks[0]!.detail).toMatch(/503/);
    expect(checks[1]!.detail).toMatch(/HTTP 401/);
  });
});

describe('the GPD mock validates like GPD', () => {
  const transfer = (id: string, amount: number) => ({
    idTransfer: id,
    amount,
    remittanceInformation: 'x',
    category: '9/0101101IM/',
    iban: 'IT55L0503411200000000004567',
  });
  const body = (option: Record<string, unknown>) => ({
    iupd: `${ORG}-mock-${Math.random()}`,
    type: 'F',
    fiscalCode: 'RCCMNL83S18D969H',
    fullName: 'Emanuele Rocca',
    companyName: 'Comune di Valmora',
    switchToExpired: false,
    paymentOption: [
      {
        iuv: position().iuv,
        amount: 100,
        description: 'x',
        isPartialPayment: false,
        dueDate: '2027-01-31T23:59:59',
        transfer: [transfer('1', 100)],
        ...option,
      },
    ],
  });
  async function create(payload: unknown) {
    const response = await fetch(`${mock.gpdUrl}/organizations/${ORG}/debtpositions?toPublish=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': KEYS.gpdKey },
      body: JSON.stringify(payload),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as { detail?: string; status?: unknown },
    };
  }

  it.each([
    ['more than 5 transfers', { amount: 600, transfer: ['1', '2', '3', '4', '5', '5'].map((id) => transfer(id, 100)) }, /1 to 5/],
    ['a missing dueDate', { dueDate: undefined }, /dueDate is required/],
    ['a dueDate with a zone', { dueDate: '2027-01-31T23:59:59Z' }, /without zone/],
    ['an amount that is not the transfers’ sum', { amount: 101 }, /must coincide/],
    ['a zero amount', { amount: 0, transfer: [transfer('1', 0)] }, /1 eurocent/],
    [
      'both iban and stamp',
      { transfer: [{ ...transfer('1', 100), stamp: { hashDocument: 'h', stampType: '01', provincialResidence: 'BS' } }] },
      /mutually exclusive/,
    ],
    ['an amount as a string', { amount: '100' }, /1 eurocent/],
  ])('answers 400 ProblemJson to %s', async (_name, option, detail) => {
    const answer = await create(body(option));
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('application/problem+json');
    expect(answer.body.status).toBe(400);
    expect(answer.body.detail).toMatch(detail);
  });

  it('answers 400 to a body that is not an object, and 409 to a duplicate iupd', async () => {
    expect((await create([1, 2])).status).toBe(400);
    const first = body({});
    expect((await create(first)).status).toBe(201);
    expect((await create(first)).status).toBe(409);
  });
});
