import type { Position, TransferShare } from '@/db/schema';
import {
  isTariCode,
  isValidTaxonomyCode,
  TARI_CURRENT_YEAR,
  TARI_PREVIOUS_YEARS,
  tariCodeFor,
  TAXONOMY_TIPO_ENTE_01,
} from '@/lib/catalogue/taxonomy';
import { parsePercentInput, serviceFormSchema, serviceFormValues, type ServiceFormValues } from '@/lib/catalogue/service-schema';
import { italianDay } from '@/lib/format/date';
import { ANONYMOUS_DEBTOR, positionForPartner } from '@/lib/positions/partner-position';
import {
  accountingFor,
  referenceYearOf,
  serviceAccounting,
  shareAmounts,
  splitProblem,
  transfersOf,
  transfersProblem,
  type AccountingInput,
} from '@/lib/positions/transfers';

const ENTE = { fiscalCode: '00123450177', name: 'Comune di Valmora', iban: 'IT60X0542811101000000123456' };
const PROVINCE_IBAN = 'IT92X0306911200000000099999';
const TEFA: TransferShare = {
  fiscalCodePA: '80008750178',
  companyName: 'Provincia di Brescia',
  iban: PROVINCE_IBAN,
  category: '9/0201102IM/',
  basisPoints: 500,
};

function input(overrides: Partial<AccountingInput> & { split?: TransferShare[]; taxonomyCode?: string } = {}): AccountingInput {
  const { split = [], taxonomyCode = '9/0107101TS/', ...rest } = overrides;
  return {
    ente: ENTE,
    service: { taxonomyCode, ibanOverride: null, transferSplit: split },
    causale: 'Mensa marzo',
    amountCents: 10_000,
    referenceYear: 2027,
    currentYear: 2027,
    ...rest,
  };
}

const sum = (cents: number[]) => cents.reduce((a, b) => a + b, 0);

describe('taxonomy codes (SANP format)', () => {
  it('accepts the four prefixes and the five reasons, with the trailing slash', () => {
    for (const prefix of ['9', '8', '7', '6'])
      for (const reason of ['IM', 'TS', 'SP', 'SA', 'AP']) expect(isValidTaxonomyCode(`${prefix}/0101101${reason}/`)).toBe(true);
    for (const entry of TAXONOMY_TIPO_ENTE_01) expect(isValidTaxonomyCode(entry.code)).toBe(true);
    expect(isValidTaxonomyCode('9/0201102IM/')).toBe(true);
  });

  it('refuses other prefixes, reasons, lengths, case and missing slashes', () => {
    for (const code of [
      '5/0101101IM/',
      '1/0101101IM/',
      '9/0101101XX/',
      '9/0101101im/',
      '9/0101101IM',
      '0101101IM/',
      '9/010110IM/',
      '9/01011011IM/',
      '9//0101101IM/',
      ' 9/0101101IM/',
      '9/0101101IM/\n',
      '9/0101101IM/\u0000',
      '',
    ])
      expect({ code, valid: isValidTaxonomyCode(code) }).toEqual({ code, valid: false });
  });

  it('picks the TARI code by reference year: current (or future) year vs previous years', () => {
    expect(isTariCode(TARI_CURRENT_YEAR) && isTariCode(TARI_PREVIOUS_YEARS)).toBe(true);
    expect(isTariCode('9/0201102IM/')).toBe(false);
    expect(tariCodeFor(2027, 2027)).toBe('9/0101101IM/');
    expect(tariCodeFor(2028, 2027)).toBe('9/0101101IM/');
    expect(tariCodeFor(2026, 2027)).toBe('9/0101109IM/');
    expect(tariCodeFor(2010, 2027)).toBe('9/0101109IM/');
  });
});

describe('the reference year of a position', () => {
  const now = new Date('2027-06-15T10:00:00Z');
  it('takes the form\u2019s «anno», then the due date\u2019s year, then this year in Rome', () => {
    expect(referenceYearOf({ formData: { anno: '2025' }, dueDate: '2027-09-30' }, now)).toBe(2025);
    expect(referenceYearOf({ formData: { anno: ' 2024 ' }, dueDate: null }, now)).toBe(2024);
    expect(referenceYearOf({ formData: { anno: 'duemila' }, dueDate: '2026-03-31' }, now)).toBe(2026);
    expect(referenceYearOf({ formData: { anno: ['2020'] }, dueDate: null }, now)).toBe(2027);
    expect(referenceYearOf({ dueDate: null }, now)).toBe(2027);
    // New Year's Eve 23:30 UTC is already the next year in Rome.
    expect(referenceYearOf({ dueDate: null }, new Date('2026-12-31T23:30:00Z'))).toBe(2027);
  });

  it('gives a TARI position of a previous year the arrears code, in its first transfer and column', () => {
    const now = new Date('2027-06-15T10:00:00Z');
    const tari = { taxonomyCode: TARI_CURRENT_YEAR, ibanOverride: null, transferSplit: [TEFA] };
    const arrears = accountingFor(
      ENTE,
      tari,
      { causale: 'TARI 2025', amountCents: 20_000, dueDate: null, formData: { anno: '2025' } },
      now,
    );
    const current = accountingFor(ENTE, tari, { causale: 'TARI 2027', amountCents: 20_000, dueDate: '2027-07-31' }, now);
    expect(arrears).toMatchObject({ ok: true, accounting: { taxonomyCode: '9/0101109IM/' } });
    expect(current).toMatchObject({ ok: true, accounting: { taxonomyCode: '9/0101101IM/' } });
    if (!arrears.ok || !current.ok) throw new Error('unreachable');
    expect(arrears.accounting.transfers.map((t) => t.category)).toEqual(['9/0101109IM/', '9/0201102IM/']);
    expect(current.accounting.transfers.map((t) => t.category)).toEqual(['9/0101101IM/', '9/0201102IM/']);
    // A service stored with the arrears code is TARI too: a current-year debt still gets the current code.
    const storedAsArrears = accountingFor(
      ENTE,
      { ...tari, taxonomyCode: TARI_PREVIOUS_YEARS },
      { causale: 'TARI 2027', amountCents: 100, dueDate: null },
      now,
    );
    expect(storedAsArrears).toMatchObject({ ok: true, accounting: { taxonomyCode: TARI_CURRENT_YEAR } });
  });
});

describe('the transfers of a position', () => {
  it('is one transfer to the Ente without a split', () => {
    const outcome = serviceAccounting(input());
    expect(outcome).toEqual({
      ok: true,
      accounting: {
        taxonomyCode: '9/0107101TS/',
        iban: ENTE.iban,
        transfers: [
          {
            idTransfer: 1,
            amountCents: 10_000,
            fiscalCodePA: ENTE.fiscalCode,
            companyName: ENTE.name,
            iban: ENTE.iban,
            remittanceInformation: 'Mensa marzo',
            category: '9/0107101TS/',
          },
        ],
      },
    });
  });

  it('uses the service\u2019s IBAN over the Ente\u2019s, and no IBAN at all when neither has one', () => {
    const own = serviceAccounting(input({ service: { taxonomyCode: '9/0107101TS/', ibanOverride: PROVINCE_IBAN, transferSplit: [] } }));
    expect(own.ok && own.accounting.transfers[0]!.iban).toBe(PROVINCE_IBAN);
    const none = serviceAccounting(input({ ente: { ...ENTE, iban: null } }));
    expect(none.ok && none.accounting.transfers[0]).not.toHaveProperty('iban');
    expect(none.ok && none.accounting.iban).toBe('');
  });

  it('splits by percentage: the share is rounded down, the remainder stays with the Ente', () => {
    // 5% of 123,45 € is 6,1725 €: the Province gets 6,17 €, the Ente 117,28 €.
    const outcome = serviceAccounting(input({ amountCents: 12_345, split: [TEFA] }));
    if (!outcome.ok) throw new Error(outcome.message);
    const [ente, province] = outcome.accounting.transfers;
    expect(ente).toMatchObject({ idTransfer: 1, amountCents: 11_728, fiscalCodePA: ENTE.fiscalCode, category: '9/0107101TS/' });
    expect(province).toEqual({
      idTransfer: 2,
      amountCents: 617,
      fiscalCodePA: TEFA.fiscalCodePA,
      companyName: 'Provincia di Brescia',
      iban: PROVINCE_IBAN,
      remittanceInformation: 'Mensa marzo',
      category: '9/0201102IM/',
    });
  });

  it('splits by fixed amounts, with the share\u2019s own causale when it has one', () => {
    const fixed: TransferShare = { ...TEFA, basisPoints: undefined, fixedCents: 250, remittanceInformation: 'Quota provinciale' };
    const outcome = serviceAccounting(input({ amountCents: 1000, split: [fixed] }));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.accounting.transfers.map((t) => [t.amountCents, t.remittanceInformation])).toEqual([
      [750, 'Mensa marzo'],
      [250, 'Quota provinciale'],
    ]);
  });

  it('always sums to the amount, for every amount and mix of shares (rounding never loses a cent)', () => {
    const split: TransferShare[] = [
      { ...TEFA, basisPoints: 333 },
      { ...TEFA, fiscalCodePA: '00000000001', basisPoints: 1667 },
      { ...TEFA, fiscalCodePA: '00000000002', basisPoints: undefined, fixedCents: 7 },
      { ...TEFA, fiscalCodePA: '00000000003', basisPoints: 2501 },
    ];
    for (let amount = 20; amount < 5000; amount += 37) {
      const outcome = serviceAccounting(input({ amountCents: amount, split }));
      if (!outcome.ok) throw new Error(`${amount}: ${outcome.message}`);
      const cents = outcome.accounting.transfers.map((t) => t.amountCents);
      expect(sum(cents)).toBe(amount);
      expect(Math.min(...cents)).toBeGreaterThanOrEqual(1);
      expect(transfersProblem(outcome.accounting.transfers, amount)).toBeNull();
      // Each other beneficiary gets at most its exact share.
      shareAmounts(split, amount).forEach((share, i) =>
        expect(share).toBeLessThanOrEqual(split[i]!.fixedCents ?? (amount * split[i]!.basisPoints!) / 10_000),
      );
    }
  });

  it('leaves out a percentage share that rounds to 0 cents (pagoPA refuses a transfer of 0)', () => {
    const outcome = serviceAccounting(input({ amountCents: 19, split: [TEFA] }));
    expect(outcome.ok && outcome.accounting.transfers.map((t) => t.amountCents)).toEqual([19]);
    const twenty = serviceAccounting(input({ amountCents: 20, split: [TEFA] }));
    expect(twenty.ok && twenty.accounting.transfers.map((t) => t.amountCents)).toEqual([19, 1]);
  });

  it('never lets the shares leave the Ente 0 or less', () => {
    const fixed = (cents: number): TransferShare => ({ ...TEFA, basisPoints: undefined, fixedCents: cents });
    expect(serviceAccounting(input({ amountCents: 1000, split: [fixed(1000)] }))).toMatchObject({ ok: false, cause: 'amount' });
    expect(serviceAccounting(input({ amountCents: 1000, split: [fixed(600), fixed(600)] }))).toMatchObject({ ok: false, cause: 'amount' });
    expect(serviceAccounting(input({ amountCents: 1000, split: [fixed(999)] }))).toMatchObject({ ok: true });
    expect(serviceAccounting(input({ amountCents: 1000, split: [{ ...TEFA, basisPoints: 10_000 }] }))).toMatchObject({ ok: false });
    expect(splitProblem([{ ...TEFA, basisPoints: 9999 }], 1)).toBeNull();
  });

  it('allows at most 5 transfers: the Ente\u2019s and 4 others', () => {
    const four = Array.from({ length: 4 }, (_, i) => ({ ...TEFA, fiscalCodePA: `0000000000${i}`, basisPoints: 100 }));
    const ok = serviceAccounting(input({ split: four }));
    expect(ok.ok && ok.accounting.transfers.map((t) => t.idTransfer)).toEqual([1, 2, 3, 4, 5]);
    expect(serviceAccounting(input({ split: [...four, TEFA] }))).toMatchObject({ ok: false, cause: 'amount' });
  });

  it('refuses a service or share whose taxonomy is not in SANP\u2019s format', () => {
    expect(serviceAccounting(input({ taxonomyCode: '9/0107101XX/' }))).toMatchObject({ ok: false, cause: 'service' });
    expect(serviceAccounting(input({ split: [{ ...TEFA, category: '1/0201102IM/' }] }))).toMatchObject({ ok: false, cause: 'service' });
  });

  it('checks stored transfers: count, numbering, minimum and sum', () => {
    const t = (idTransfer: number, amountCents: number) => ({
      idTransfer,
      amountCents,
      fiscalCodePA: ENTE.fiscalCode,
      companyName: ENTE.name,
      remittanceInformation: 'x',
      category: '9/0107101TS/',
    });
    expect(transfersProblem([t(1, 60), t(2, 40)], 100)).toBeNull();
    expect(transfersProblem([], 100)).not.toBeNull();
    expect(transfersProblem([t(1, 60), t(2, 41)], 100)).toMatch(/101/);
    expect(transfersProblem([t(1, 100), t(2, 0)], 100)).not.toBeNull();
    expect(transfersProblem([t(2, 100)], 100)).not.toBeNull();
    expect(
      transfersProblem(
        [1, 2, 3, 4, 5, 6].map((i) => t(i, 10)),
        60,
      ),
    ).not.toBeNull();
  });

  it('reads an old position without stored transfers as one transfer to its IBAN with its taxonomy', () => {
    const legacy = {
      transfers: null,
      amountCents: 2500,
      creditorFiscalCode: ENTE.fiscalCode,
      iban: ENTE.iban,
      taxonomyCode: '9/0107101TS/',
      causale: 'Mensa',
    };
    expect(transfersOf(legacy, ENTE.name)).toEqual([
      {
        idTransfer: 1,
        amountCents: 2500,
        fiscalCodePA: ENTE.fiscalCode,
        companyName: ENTE.name,
        iban: ENTE.iban,
        remittanceInformation: 'Mensa',
        category: '9/0107101TS/',
      },
    ]);
    const stored = [{ ...transfersOf(legacy, ENTE.name)[0]!, companyName: 'Come emesso' }];
    expect(transfersOf({ ...legacy, transfers: stored }, ENTE.name)).toBe(stored);
  });
});

describe('what the partner receives (positionForPartner)', () => {
  const now = new Date('2027-03-10T23:30:00Z'); // already 11 March in Rome
  const base = {
    id: '3f2a9c0e-5b7d-4e1f-9a8b-7c6d5e4f3a2b',
    noticeNumber: '301000000000012345',
    iuv: '01000000000012345',
    amountCents: 10_000,
    causale: 'TARI 2027',
    dueDate: null,
    debtorType: null,
    debtorFiscalCode: null,
    debtorName: null,
    debtorEmail: null,
    debtorAddress: null,
    creditorFiscalCode: ENTE.fiscalCode,
    iban: ENTE.iban,
    taxonomyCode: '9/0101101IM/',
    transfers: null,
  } as unknown as Position;
  const options = { now, defaultValidityDays: 90 };

  it('always sets a due date: the position\u2019s own is binding, otherwise today in Rome + the default validity', () => {
    expect(italianDay(now)).toBe('2027-03-11');
    expect(italianDay(now, -90)).toBe('2027-06-09');
    const open = positionForPartner(base, ENTE, null, options);
    expect(open).toMatchObject({ dueDate: '2027-06-09', dueDateBinding: false });
    const due = positionForPartner({ ...base, dueDate: '2027-04-30' }, ENTE, null, options);
    expect(due).toMatchObject({ dueDate: '2027-04-30', dueDateBinding: true });
    expect(positionForPartner(base, ENTE, null, { now, defaultValidityDays: 1 }).dueDate).toBe('2027-03-12');
  });

  it('gives an anonymous spontaneous payment the one ANONIMO placeholder, and the debtor otherwise', () => {
    expect(positionForPartner(base, ENTE, null, options).debtor).toEqual({ type: 'F', fiscalCode: 'ANONIMO', fullName: 'ANONIMO' });
    expect(ANONYMOUS_DEBTOR).toEqual({ type: 'F', fiscalCode: 'ANONIMO', fullName: 'ANONIMO' });
    expect(Object.isFrozen(ANONYMOUS_DEBTOR)).toBe(true);
    const company = { ...base, debtorType: 'G', debtorFiscalCode: '00123450177', debtorName: 'Ditta Srl', debtorAddress: 'Via Roma 1' };
    expect(positionForPartner(company as Position, ENTE, null, options)).toMatchObject({
      debtor: { type: 'G', fiscalCode: '00123450177', fullName: 'Ditta Srl' },
      debtorAddress: 'Via Roma 1',
    });
    const person = { ...base, debtorType: 'F', debtorFiscalCode: 'RSSMRA80A01B157K', debtorName: 'Mario Rossi', debtorEmail: 'm@x.it' };
    expect(positionForPartner(person as Position, ENTE, null, options).debtor).toEqual({
      type: 'F',
      fiscalCode: 'RSSMRA80A01B157K',
      fullName: 'Mario Rossi',
      email: 'm@x.it',
    });
  });

  it('names the service by its partner code, else by its own code as it is; the office is the Ente\u2019s sector', () => {
    expect(positionForPartner(base, ENTE, { code: 'tari', partnerServiceCode: null }, options).serviceCode).toBe('tari');
    expect(positionForPartner(base, ENTE, { code: 'tari', partnerServiceCode: 'TARI_2027' }, options).serviceCode).toBe('TARI_2027');
    expect(positionForPartner(base, ENTE, null, options)).not.toHaveProperty('serviceCode');
    expect(positionForPartner(base, { ...ENTE, sector: 'Ufficio Tributi' }, null, options).officeName).toBe('Ufficio Tributi');
    expect(positionForPartner(base, { ...ENTE, sector: null }, null, options)).not.toHaveProperty('officeName');
  });

  it('carries the stored transfers, or for an old row the one it describes, and the first one\u2019s IBAN and taxonomy', () => {
    const legacy = positionForPartner(base, ENTE, null, options);
    expect(legacy.transfers).toHaveLength(1);
    expect(legacy).toMatchObject({ iban: ENTE.iban, taxonomyCode: '9/0101101IM/', amountCents: 10_000, description: 'TARI 2027' });
    const split = serviceAccounting(input({ amountCents: 10_000, split: [TEFA], taxonomyCode: '9/0101101IM/' }));
    if (!split.ok) throw new Error(split.message);
    const withSplit = positionForPartner({ ...base, transfers: split.accounting.transfers }, ENTE, null, options);
    expect(withSplit.transfers!.map((t) => [t.fiscalCodePA, t.amountCents])).toEqual([
      [ENTE.fiscalCode, 9500],
      [TEFA.fiscalCodePA, 500],
    ]);
  });
});

describe('the editor\u2019s schema for the split and the partner code', () => {
  const share = {
    fiscalCodePA: '80008750178',
    companyName: 'Provincia di Brescia',
    iban: 'IT60 X054 2811 1010 0000 0123 456',
    category: '9/0201102im/',
    remittanceInformation: '',
    kind: 'percent' as const,
    basisPoints: 500,
  };
  const service = (overrides: Partial<ServiceFormValues> = {}): ServiceFormValues => ({
    ...serviceFormValues(),
    code: 'tari',
    title: 'TARI',
    summary: 'Tassa rifiuti',
    description: 'Tassa sui rifiuti',
    category: 'Tributi',
    taxonomyCode: '9/0101101IM/',
    causaleTemplate: 'TARI',
    amountRule: { kind: 'range', minCents: 100, maxCents: 500_000 },
    transferSplit: [share],
    ...overrides,
  });
  const pathsOf = (values: ServiceFormValues) => {
    const parsed = serviceFormSchema.safeParse(values);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
  };

  it('reads percentages as basis points', () => {
    expect(parsePercentInput('5')).toBe(500);
    expect(parsePercentInput('12,5')).toBe(1250);
    expect(parsePercentInput('0,01')).toBe(1);
    expect(parsePercentInput('99.99')).toBe(9999);
    for (const bad of ['100', '1,234', '-5', '', 'cinque', '5%']) expect(parsePercentInput(bad)).toBeNaN();
  });

  it('accepts a valid split and partner code, normalising the taxonomy to upper case', () => {
    const parsed = serviceFormSchema.parse(service({ partnerServiceCode: 'TARI.2027_a-b' }));
    expect(parsed.transferSplit[0]!.category).toBe('9/0201102IM/');
    expect(parsed.partnerServiceCode).toBe('TARI.2027_a-b');
  });

  it('refuses bad CF, IBAN, taxonomy, share, too many shares, a split that leaves the Ente nothing, and bad partner codes', () => {
    expect(pathsOf(service({ transferSplit: [{ ...share, fiscalCodePA: '80008750179' }] }))).toEqual(['transferSplit.0.fiscalCodePA']);
    expect(pathsOf(service({ transferSplit: [{ ...share, fiscalCodePA: 'RSSMRA80A01B157K' }] }))).toEqual(['transferSplit.0.fiscalCodePA']);
    expect(pathsOf(service({ transferSplit: [{ ...share, iban: 'IT60X0542811101000000123457' }] }))).toEqual(['transferSplit.0.iban']);
    expect(pathsOf(service({ transferSplit: [{ ...share, category: '9/0201102XX/' }] }))).toEqual(['transferSplit.0.category']);
    expect(pathsOf(service({ transferSplit: [{ ...share, basisPoints: Number.NaN }] }))).toEqual(['transferSplit.0.basisPoints']);
    expect(pathsOf(service({ transferSplit: [{ ...share, basisPoints: 10_000 }] }))).toEqual(['transferSplit.0.basisPoints']);
    expect(pathsOf(service({ transferSplit: [{ ...share, kind: 'fixed', basisPoints: undefined }] }))).toEqual([
      'transferSplit.0.fixedCents',
    ]);
    expect(pathsOf(service({ transferSplit: [{ ...share, companyName: 'Provincia\u0000' }] }))).toEqual(['transferSplit.0.companyName']);
    expect(pathsOf(service({ transferSplit: Array.from({ length: 5 }, () => share) }))).toEqual(['transferSplit']);
    // A fixed 1,00 € share on a service whose smallest amount is 1,00 € leaves the Ente nothing.
    expect(pathsOf(service({ transferSplit: [{ ...share, kind: 'fixed', fixedCents: 100 }] }))).toEqual(['transferSplit']);
    expect(pathsOf(service({ transferSplit: [share, { ...share, category: '9/0201103IM/', basisPoints: 9500 }] }))).toEqual([
      'transferSplit',
    ]);
    expect(pathsOf(service({ transferSplit: 'x' as never }))).toEqual(['transferSplit']);
    for (const code of ['TARI 2027', 'x'.repeat(36), 'tari/2027', 'tàri'])
      expect(pathsOf(service({ partnerServiceCode: code }))).toEqual(['partnerServiceCode']);
    // The service's own taxonomy: in SANP's format and among the codes the picker offers.
    expect(pathsOf(service({ taxonomyCode: '9/0101101XX/' }))).toEqual(['taxonomyCode']);
  });
});
