import {
  buildNoticeNumber,
  formatNoticeNumber,
  isValidNoticeNumber,
  iuvFromNoticeNumber,
  normalizeNoticeInput,
  noticeNumberProblem,
} from '@/lib/pagopa/notice';
import { qrPayload } from '@/lib/pagopa/qr';
import { isValidItalianIban, normalizeItalianIban } from '@/lib/pagopa/iban';

describe('notice numbers', () => {
  it('builds the reference vectors with mod-93 check digits', () => {
    expect(buildNoticeNumber('01', '2023000000001')).toBe('301202300000000148');
    expect(buildNoticeNumber('01', '0000000000001')).toBe('301000000000000144');
  });

  it('accepts the valid vectors for aux digits 3 and 0', () => {
    expect(isValidNoticeNumber('301202300000000148')).toBe(true);
    expect(isValidNoticeNumber('301000000000000144')).toBe(true);
    expect(isValidNoticeNumber('001340000013900808')).toBe(true);
  });

  it('rejects the Checkout documentation example, whose check digits are wrong', () => {
    expect(isValidNoticeNumber('302012387654312384')).toBe(false);
    expect(isValidNoticeNumber('302012387654312386')).toBe(true);
  });

  it('checks aux 2 with mod 93 and aux 1 by format only', () => {
    const body = '2' + '123456789012345';
    const check = (BigInt(body) % 93n).toString().padStart(2, '0');
    expect(isValidNoticeNumber(body + check)).toBe(true);
    expect(isValidNoticeNumber(body + (check === '00' ? '01' : '00'))).toBe(false);
    expect(isValidNoticeNumber('112345678901234567')).toBe(true);
  });

  it('explains what is wrong with a mistyped number', () => {
    expect(noticeNumberProblem('30120230000000014')).toMatch(/18 cifre: ne hai scritte 17/);
    expect(noticeNumberProblem('30120230000000014A')).toMatch(/solo cifre/);
    expect(noticeNumberProblem('301202300000000149')).toMatch(/non è corretto/);
    expect(noticeNumberProblem('901202300000000148')).toMatch(/iniziare con 0, 1, 2 o 3/);
    expect(noticeNumberProblem('301202300000000148')).toBeNull();
  });

  it('finds the IUV in the notice number', () => {
    expect(iuvFromNoticeNumber('301202300000000148')).toBe('01202300000000148');
    expect(iuvFromNoticeNumber('001340000013900808')).toBe('340000013900808');
    expect(() => iuvFromNoticeNumber('301202300000000149')).toThrow(RangeError);
  });

  it('prints the number in groups of four', () => {
    expect(formatNoticeNumber('301202300000000148')).toBe('3012 0230 0000 0001 48');
    expect(normalizeNoticeInput(' 3012 0230-0000.0001 48 ')).toBe('301202300000000148');
  });

  it('refuses malformed inputs to the builder', () => {
    expect(() => buildNoticeNumber('1', '2023000000001')).toThrow(RangeError);
    expect(() => buildNoticeNumber('01', '202300000001')).toThrow(RangeError);
    expect(() => buildNoticeNumber('0a', '2023000000001')).toThrow(RangeError);
  });

  it('gives valid numbers for any base', () => {
    for (let i = 0; i < 500; i++) {
      const base = String(Math.floor(Math.random() * 1e13)).padStart(13, '0');
      const nav = buildNoticeNumber(String(i % 50).padStart(2, '0'), base);
      expect(nav).toHaveLength(18);
      expect(isValidNoticeNumber(nav)).toBe(true);
      expect(BigInt(nav.slice(0, 16)) % 93n).toBe(BigInt(nav.slice(16)));
    }
  });
});

describe('qrPayload', () => {
  it('joins the fields with the amount in cents, unpadded from 10 cents up', () => {
    expect(qrPayload('301202300000000148', '01199250158', 15000)).toBe('PAGOPA|002|301202300000000148|01199250158|15000');
    expect(qrPayload('301202300000000148', '01199250158', 10)).toBe('PAGOPA|002|301202300000000148|01199250158|10');
    expect(qrPayload('301202300000000148', '01199250158', 99_999_999_999)).toBe('PAGOPA|002|301202300000000148|01199250158|99999999999');
  });

  it('writes the amount with at least 2 digits, as the specification asks: one cent is 01', () => {
    expect(qrPayload('301202300000000148', '01199250158', 1)).toBe('PAGOPA|002|301202300000000148|01199250158|01');
    expect(qrPayload('301202300000000148', '01199250158', 9)).toBe('PAGOPA|002|301202300000000148|01199250158|09');
    for (const cents of [1, 9, 10, 99, 100, 12_345, 99_999_999_999]) {
      const amount = qrPayload('301202300000000148', '01199250158', cents).split('|')[4]!;
      expect(amount.length).toBeGreaterThanOrEqual(2);
      expect(amount.length).toBeLessThanOrEqual(11);
      expect(Number(amount)).toBe(cents);
    }
  });

  it('refuses malformed input', () => {
    expect(() => qrPayload('30120230000000014', '01199250158', 100)).toThrow(RangeError);
    expect(() => qrPayload('301202300000000148', '1199250158', 100)).toThrow(RangeError);
    expect(() => qrPayload('301202300000000148', '01199250158', 0)).toThrow(RangeError);
    expect(() => qrPayload('301202300000000148', '01199250158', 1.5)).toThrow(RangeError);
    expect(() => qrPayload('301202300000000148', '01199250158', -5)).toThrow(RangeError);
    expect(() => qrPayload('301202300000000148', '01199250158', 100_000_000_000)).toThrow(RangeError);
  });
});

describe('Italian IBAN', () => {
  it('accepts valid IBANs, with spaces and lower case', () => {
    expect(isValidItalianIban('IT60X0542811101000000123456')).toBe(true);
    expect(normalizeItalianIban('it60 x054 2811 1010 0000 0123 456')).toBe('IT60X0542811101000000123456');
  });

  it('rejects wrong check digits, foreign IBANs and placeholders from documentation', () => {
    expect(isValidItalianIban('IT61X0542811101000000123456')).toBe(false);
    expect(isValidItalianIban('IT02L1234512345123456789012')).toBe(false);
    expect(isValidItalianIban('DE89370400440532013000')).toBe(false);
  });
});
