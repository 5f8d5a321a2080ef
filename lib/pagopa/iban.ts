import { electronicFormatIBAN, isValidIBAN } from 'ibantools';

/** An Italian IBAN (27 characters, IT, valid check digits), after removing spaces and lower case. */
export function normalizeItalianIban(input: string): string | null {
  const iban = electronicFormatIBAN(input) ?? '';
  return iban.startsWith('IT') && iban.length === 27 && isValidIBAN(iban) ? iban : null;
}

export function isValidItalianIban(input: string): boolean {
  return normalizeItalianIban(input) !== null;
}
