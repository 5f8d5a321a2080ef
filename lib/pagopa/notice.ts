import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/**
 * Numero avviso (NAV) and IUV, per SACI (shared/reference/pagopa.md §1). New notices use aux digit 3:
 *   NAV = 3 + segregation code (2) + IUV base (13) + check digits (2), IUV = NAV without the leading 3.
 * Check digits are the remainder mod 93 of the number formed by the digits before them.
 */

const DIGITS = /^[0-9]+$/;

/** Remainder of a long decimal string mod 93, digit by digit (the number exceeds 2^53). */
function mod93(digits: string): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 93;
  return remainder;
}

function checkDigits(digits: string): string {
  return mod93(digits).toString().padStart(2, '0');
}

export function buildNoticeNumber(segregationCode: string, iuvBase: string): string {
  if (segregationCode.length !== 2 || !DIGITS.test(segregationCode)) {
    throw new RangeError('Il codice di segregazione deve essere di 2 cifre');
  }
  if (iuvBase.length !== 13 || !DIGITS.test(iuvBase)) {
    throw new RangeError("La base dell'IUV deve essere di 13 cifre");
  }
  const body = `3${segregationCode}${iuvBase}`;
  return `${body}${checkDigits(body)}`;
}

/** Why a typed notice number is not valid, in words for the citizen; null when it is valid. */
export function noticeNumberProblem(nav: string, locale: Locale = 'it'): string | null {
  const t = translate(locale, 'NoticeNumber');
  if (!DIGITS.test(nav)) return t('digits');
  if (nav.length !== 18) return t('length', { length: nav.length });
  const aux = nav[0];
  // aux 0 carries a 2-digit application code before the 13-digit base; aux 2 and 3 check all that precedes the check digits.
  if (aux === '0' || aux === '2' || aux === '3') {
    return checkDigits(nav.slice(0, 16)) === nav.slice(16) ? null : t('checkDigits');
  }
  if (aux === '1') return null;
  return t('aux');
}

export function isValidNoticeNumber(nav: string): boolean {
  return noticeNumberProblem(nav) === null;
}

/** IUV of a notice: the NAV without its aux digit (aux 1, 2, 3) or without aux digit and application code (aux 0). */
export function iuvFromNoticeNumber(nav: string): string {
  if (!isValidNoticeNumber(nav)) throw new RangeError(`Codice avviso non valido: ${nav}`);
  return nav[0] === '0' ? nav.slice(3) : nav.slice(1);
}

/** `3012 0230 0000 0001 48`, as printed on the avviso (AVVISO.CODICE). */
export function formatNoticeNumber(nav: string): string {
  return nav.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** What a citizen typed, spaces, dots and dashes removed. */
export function normalizeNoticeInput(input: string): string {
  return input.replace(/[\s.\-]/g, '');
}
