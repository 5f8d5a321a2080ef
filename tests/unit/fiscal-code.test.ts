import { isValidDebtorFiscalCode, isValidNumericFiscalCode, isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';

describe('numeric codice fiscale / partita IVA', () => {
  it('accepts codes with the right check digit', () => {
    expect(isValidNumericFiscalCode('01199250158')).toBe(true); // Comune di Milano
    expect(isValidNumericFiscalCode('00743110157')).toBe(true);
  });

  it('rejects a wrong check digit, wrong length, letters and all zeros', () => {
    expect(isValidNumericFiscalCode('01199250159')).toBe(false);
    expect(isValidNumericFiscalCode('0119925015')).toBe(false);
    expect(isValidNumericFiscalCode('0119925015A')).toBe(false);
    expect(isValidNumericFiscalCode('00000000000')).toBe(false);
  });
});

describe("a person's codice fiscale", () => {
  it('accepts valid codes, in any case', () => {
    expect(isValidPersonFiscalCode('RCCMNL83S18D969H')).toBe(true);
    expect(isValidPersonFiscalCode('rccmnl83s18d969h')).toBe(true);
  });

  it('rejects a wrong check character or format', () => {
    expect(isValidPersonFiscalCode('RCCMNL83S18D969A')).toBe(false);
    expect(isValidPersonFiscalCode('RCCMNL83S18D969')).toBe(false);
    expect(isValidPersonFiscalCode('RCCMNL83S18D96!H')).toBe(false);
  });

  it('routes a debtor code to the right check by length', () => {
    expect(isValidDebtorFiscalCode('RCCMNL83S18D969H')).toBe(true);
    expect(isValidDebtorFiscalCode('01199250158')).toBe(true);
    expect(isValidDebtorFiscalCode('01199250150')).toBe(false);
  });
});
