import { readFileSync } from 'node:fs';
import { parseReceiptXml } from '@/lib/pagopa/receipt-xml';
import { MAX_METADATA_ENTRIES, MAX_RECEIPT_ID_LENGTH, partnerReceiptSchema, validatePartnerReceipt } from '@/lib/partners/receipt-schema';

const valid = {
  receiptId: 'R-1',
  noticeNumber: '301202600000000148',
  creditorFiscalCode: '00123450179',
  outcome: 'OK',
  creditorReferenceId: '01202600000000148',
  amountCents: 2221,
  description: 'Tassa rifiuti è dovuta – “saldo” 2026 ✓',
  companyName: 'Comune di Brèscia',
  transfers: [
    {
      idTransfer: 1,
      amountCents: 2221,
      fiscalCodePA: '00123450179',
      iban: 'IT60X0542811101000000123456',
      remittanceInformation: 'TARI',
      transferCategory: '9/0101101IM/',
    },
  ],
  idPsp: 'BCITITMM',
  pspName: 'Intesa Sanpaolo S.p.A.',
  idChannel: 'BCITITMM_01',
  paymentDateTime: '2026-03-01T10:00:00+01:00',
  applicationDate: '2028-02-29',
};

describe('partner receipt schema: what PostgreSQL could not store is refused here', () => {
  it('accepts real receipts: accents, typographic quotes, symbols, a leap day', () => {
    expect(partnerReceiptSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['applicationDate', '2026-02-29'],
    ['applicationDate', '2026-04-31'],
    ['transferDate', '1899-12-31'],
    ['paymentDateTime', '2026-02-30T10:00:00Z'],
    ['paymentDateTime', '2026-01-01T25:00:00Z'],
    ['paymentDateTime', '2150-01-01T10:00:00Z'],
    ['description', 'saldo\u0000'],
    ['description', 'riga\nnuova'],
    ['companyName', 'Comune\u009b'],
    ['pspName', 'Banca\udc00'],
  ])('refuses %s = %j', (field, value) => {
    expect(partnerReceiptSchema.safeParse({ ...valid, [field]: value }).success).toBe(false);
  });

  it('refuses amounts that are not safe integers of cents', () => {
    for (const amountCents of [1e20, 12.5, 0, -1]) expect(partnerReceiptSchema.safeParse({ ...valid, amountCents }).success).toBe(false);
  });
});

const IBAN_TRANSFER = valid.transfers[0]!;
const MBD = 'PG1hcmNhRGFCb2xsbz48L21hcmNhRGFCb2xsbz4=';
const parse = (changes: Record<string, unknown>) => partnerReceiptSchema.safeParse({ ...valid, ...changes });
const issues = (changes: Record<string, unknown>) => {
  const parsed = parse(changes);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('partner receipt schema: every valid ctReceiptV2', () => {
  it('reads a paymentDateTime without offset as Italian time, summer and winter, and normalises it to an instant', () => {
    expect(parse({ paymentDateTime: '2026-07-06T12:35:26' }).data?.paymentDateTime).toBe('2026-07-06T10:35:26.000Z');
    expect(parse({ paymentDateTime: '2026-01-15T09:05:00.123' }).data?.paymentDateTime).toBe('2026-01-15T08:05:00.123Z');
    expect(parse({ paymentDateTime: '2026-03-01T10:00:00+01:00' }).data?.paymentDateTime).toBe('2026-03-01T09:00:00.000Z');
    expect(parse({ paymentDateTime: '2026-03-01T09:00:00Z' }).data?.paymentDateTime).toBe('2026-03-01T09:00:00.000Z');
  });

  it('reads the hours around the DST changes one fixed way: the missing hour shifted forward, the repeated one as CET', () => {
    // 29 March 2026: 02:00–03:00 does not exist in Italy; 02:30 is read as 02:30 CET, i.e. 03:30 CEST.
    expect(parse({ paymentDateTime: '2026-03-29T02:30:00' }).data?.paymentDateTime).toBe('2026-03-29T01:30:00.000Z');
    expect(parse({ paymentDateTime: '2026-03-29T03:00:00' }).data?.paymentDateTime).toBe('2026-03-29T01:00:00.000Z');
    // 25 October 2026: 02:00–03:00 happens twice; the one after the change (CET) is taken.
    expect(parse({ paymentDateTime: '2026-10-25T02:30:00' }).data?.paymentDateTime).toBe('2026-10-25T01:30:00.000Z');
    expect(parse({ paymentDateTime: '2026-10-25T01:59:59' }).data?.paymentDateTime).toBe('2026-10-24T23:59:59.000Z');
    expect(parse({ paymentDateTime: '2026-10-25T03:00:00' }).data?.paymentDateTime).toBe('2026-10-25T02:00:00.000Z');
  });

  it('accepts a marca da bollo digitale instead of an IBAN, even wrapped over lines', () => {
    const mbd = { ...IBAN_TRANSFER, iban: undefined, mbdAttachment: `${MBD.slice(0, 20)}\n  ${MBD.slice(20)}` };
    const parsed = parse({ transfers: [mbd] });
    expect(parsed.success).toBe(true);
    expect(parsed.data!.transfers[0]).toMatchObject({ mbdAttachment: MBD });
    expect(parsed.data!.transfers[0]).not.toHaveProperty('iban', expect.anything());
  });

  it('accepts the long fields of ctReceiptV2: PSP fiscal code of 70, receipt id of 200, taxonomy of 140, note of 210', () => {
    const parsed = parse({
      receiptId: 'r'.repeat(200),
      pspFiscalCode: 'X'.repeat(70),
      pspVatNumber: '00799960158',
      paymentNote: 'n'.repeat(210),
      transfers: [{ ...IBAN_TRANSFER, transferCategory: `9/${'0'.repeat(138)}`, companyName: 'Provincia di Brescia' }],
    });
    expect(parsed.success).toBe(true);
    expect(parse({ receiptId: 'r'.repeat(MAX_RECEIPT_ID_LENGTH) }).success).toBe(true);
  });

  it('accepts five transfers summing to the amount, metadata on the receipt and on a transfer, stand-in', () => {
    const transfers = [500, 500, 500, 500, 221].map((amountCents, i) => ({ ...IBAN_TRANSFER, idTransfer: i + 1, amountCents }));
    transfers[2] = { ...transfers[2]!, iban: undefined, mbdAttachment: MBD } as unknown as (typeof transfers)[number];
    const metadata = Object.fromEntries(Array.from({ length: MAX_METADATA_ENTRIES }, (_, i) => [`chiave${i}`, `valore ${i}`]));
    const parsed = parse({
      transfers: transfers.map((t, i) => (i === 0 ? { ...t, metadata: { capitolo: '1001' } } : t)),
      metadata,
      standIn: true,
    });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({
      standIn: true,
      metadata,
      transfers: expect.arrayContaining([expect.objectContaining({ metadata: { capitolo: '1001' } })]),
    });
  });

  it('takes the parsed fixture (SOAP paSendRTV2, no offset) and keeps its original bytes', () => {
    const bytes = readFileSync('tests/fixtures/receipts/pa-send-rt-v2.xml');
    const result = validatePartnerReceipt(parseReceiptXml(bytes).receipt);
    expect(result.success).toBe(true);
    expect(result.data!.original).toEqual({ format: 'xml', bytes });
    expect(result.data!.paymentDateTime).toBe('2026-07-06T10:35:26.000Z');
  });

  it('takes the start of the applicationDate in Italy when paymentDateTime (optional in the XSD) is missing', () => {
    const xml = readFileSync('tests/fixtures/receipts/pa-send-rt-v2.xml', 'utf8').replace(/<paymentDateTime>[^<]*<\/paymentDateTime>/, '');
    const result = validatePartnerReceipt(parseReceiptXml(Buffer.from(xml)).receipt);
    expect(result.data?.paymentDateTime).toBe('2026-07-05T22:00:00.000Z');
    const neither = xml.replace(/<applicationDate>[^<]*<\/applicationDate>/, '');
    expect(() => parseReceiptXml(Buffer.from(neither))).toThrow('Elemento paymentDateTime mancante');
  });
});

describe('partner receipt schema: what is not a valid receipt', () => {
  it('refuses a transfer with both an IBAN and a marca da bollo, or with neither', () => {
    expect(issues({ transfers: [{ ...IBAN_TRANSFER, mbdAttachment: MBD }] })).toEqual([
      expect.stringMatching(/IBAN oppure una marca da bollo/),
    ]);
    expect(issues({ transfers: [{ ...IBAN_TRANSFER, iban: undefined }] })).toEqual([
      expect.stringMatching(/IBAN oppure una marca da bollo/),
    ]);
  });

  it('refuses transfers that do not add up to the amount, six transfers, a repeated idTransfer', () => {
    expect(issues({ transfers: [{ ...IBAN_TRANSFER, amountCents: 2220 }] })).toEqual([
      expect.stringMatching(/somma degli accrediti \(2220\)/),
    ]);
    const six = Array.from({ length: 6 }, (_, i) => ({ ...IBAN_TRANSFER, idTransfer: (i % 5) + 1, amountCents: i < 5 ? 370 : 371 }));
    expect(parse({ transfers: six }).success).toBe(false);
    const twice = [1, 1].map((idTransfer, i) => ({ ...IBAN_TRANSFER, idTransfer, amountCents: i ? 1221 : 1000 }));
    expect(issues({ transfers: twice })).toEqual(['idTransfer ripetuto']);
  });

  it('refuses an outcome other than OK', () => {
    expect(parse({ outcome: 'KO' }).success).toBe(false);
  });

  it.each([
    ['receiptId', 'r'.repeat(MAX_RECEIPT_ID_LENGTH + 1)],
    ['receiptId', '€'.repeat(MAX_RECEIPT_ID_LENGTH)],
    ['receiptId', 'R\u0000'],
    ['pspFiscalCode', 'X'.repeat(71)],
    ['pspVatNumber', '1'.repeat(21)],
    ['paymentNote', 'n'.repeat(211)],
    ['paymentNote', 'nota\u0007'],
    ['standIn', 'true'],
    ['metadata', {}],
    ['metadata', Object.fromEntries(Array.from({ length: MAX_METADATA_ENTRIES + 1 }, (_, i) => [`k${i}`, 'v']))],
    ['metadata', { chiave: 'valore\u0000' }],
    ['metadata', { chiave: ['a'] }],
    ['paymentDateTime', '2026-07-06 12:35:26'],
    ['paymentDateTime', '2026-07-06'],
    ['paymentDateTime', '2026-02-30T10:00:00'],
    ['paymentDateTime', ['2026-07-06T12:35:26']],
    ['receiptId', ['R-1']],
  ])('refuses %s, case %#', (field, value) => {
    expect(parse({ [field]: value }).success).toBe(false);
  });

  it.each([
    ['iban', ''],
    ['mbdAttachment', 'non base64!'],
    ['mbdAttachment', 'QUJD='],
    ['mbdAttachment', 'A'.repeat(65_540)],
    ['transferCategory', 'x'.repeat(141)],
    ['companyName', ''],
    ['fiscalCodePA', '0012345017'],
  ])('refuses a transfer with %s, case %#', (field, value) => {
    const transfer =
      field === 'mbdAttachment' ? { ...IBAN_TRANSFER, iban: undefined, [field]: value } : { ...IBAN_TRANSFER, [field]: value };
    expect(parse({ transfers: [transfer] }).success).toBe(false);
  });
});
