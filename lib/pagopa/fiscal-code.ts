import * as codiceFiscaleModule from 'codice-fiscale-js';
import type CodiceFiscaleClass from 'codice-fiscale-js';

// The package's typings declare a default export, but its CommonJS build exports { CodiceFiscale }.
const CodiceFiscale = (codiceFiscaleModule as unknown as { CodiceFiscale: typeof CodiceFiscaleClass }).CodiceFiscale;

const NUMERIC_FISCAL_CODE = /^[0-9]{11}$/;

/**
 * Check digit of an 11-digit codice fiscale / partita IVA (Luhn over the first ten digits), as in
 * Sogei's controlCfNum. Only format and check digit are verified: the office-code ranges are not
 * public enough to reject a code on (see shared/reference/pagopa.md §7.2).
 */
export function numericFiscalCodeCheckDigit(firstTen: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = Number(firstTen[i]);
    if (i % 2 === 0) {
      sum += digit;
    } else {
      const doubled = digit * 2;
      sum += doubled > 9 ? doubled - 9 : doubled;
    }
  }
  return (10 - (sum % 10)) % 10;
}

/** An Ente's codice fiscale, or any partita IVA: 11 digits with a valid check digit. */
export function isValidNumericFiscalCode(value: string): boolean {
  if (!NUMERIC_FISCAL_CODE.test(value) || value === '00000000000') return false;
  return numericFiscalCodeCheckDigit(value.slice(0, 10)) === Number(value[10]);
}

/** A person's 16-character codice fiscale (omocodia included), checked by codice-fiscale-js. */
export function isValidPersonFiscalCode(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[A-Z0-9]{16}$/.test(upper)) return false;
  return CodiceFiscale.check(upper);
}

/** Who may appear as a debtor: a person (16 chars) or a legal entity (11 digits). */
export function isValidDebtorFiscalCode(value: string): boolean {
  return value.length === 11 ? isValidNumericFiscalCode(value) : isValidPersonFiscalCode(value);
}
