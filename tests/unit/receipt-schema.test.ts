import { partnerReceiptSchema } from '@/lib/partners/receipt-schema';

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
