import { formatAmount, formatEuro } from '@/lib/format/money';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { describeAmount } from '@/lib/catalogue/amount-text';

describe('formatAmount', () => {
  it.each([
    [0, '0,00'],
    [5, '0,05'],
    [100, '1,00'],
    [2221, '22,21'],
    [123456, '1.234,56'],
    [100000000, '1.000.000,00'],
    [-123456, '-1.234,56'],
  ])('%i cents → %s', (cents, text) => {
    expect(formatAmount(cents)).toBe(text);
  });

  it('refuses fractions of a cent', () => {
    expect(() => formatAmount(1.5)).toThrow(RangeError);
  });

  it('puts a non-breaking space before the euro sign', () => {
    expect(formatEuro(123456)).toBe('1.234,56\u00a0€');
  });
});

describe('dates', () => {
  it('prints dd/mm/yyyy in Italian time', () => {
    expect(formatDate('2027-01-31')).toBe('31/01/2027');
    // 23:30 UTC on 31 December is already 1 January in Rome.
    expect(formatDate(new Date('2026-12-31T23:30:00Z'))).toBe('01/01/2027');
    expect(formatDateTime(new Date('2026-07-01T12:05:00Z'))).toBe('01/07/2026 14:05');
  });
});

describe('describeAmount', () => {
  it('describes each amount rule', () => {
    expect(describeAmount({ kind: 'fixed', cents: 2221 }).headline).toBe('22,21\u00a0€');
    expect(describeAmount({ kind: 'range', minCents: 100, maxCents: 500000 }).headline).toBe('da 1,00\u00a0€ a 5.000,00\u00a0€');
    expect(describeAmount({ kind: 'unit', unitCents: 520, unitLabel: 'buono pasto', minQuantity: 1, maxQuantity: 60 }).headline).toBe(
      '5,20\u00a0€ per buono pasto',
    );
  });
});

describe('amounts and dates in English', () => {
  it('writes euros the English way', () => {
    expect(formatEuro(123456, 'en')).toBe('€1,234.56');
    expect(formatEuro(5, 'en')).toBe('€0.05');
    expect(() => formatEuro(1.5, 'en')).toThrow(RangeError);
  });

  it('writes the month in words, in Italian time', () => {
    expect(formatDate('2027-01-31', 'en')).toBe('31 Jan 2027');
    expect(formatDate(new Date('2026-12-31T23:30:00Z'), 'en')).toBe('1 Jan 2027');
    expect(formatDateTime(new Date('2027-03-04T13:05:00Z'), 'en')).toBe('4 Mar 2027 14:05');
  });

  it('describes a price in English', () => {
    expect(describeAmount({ kind: 'range', minCents: 100, maxCents: 5000 }, 'en')).toEqual({
      headline: 'from €1.00 to €50.00',
      detail: 'You enter the amount due, within these limits',
    });
  });
});
