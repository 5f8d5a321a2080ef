import type { Locale } from '@/lib/i18n/locales';

/**
 * Euro cents → Italian text. Written by hand rather than with Intl: ICU's Italian locale leaves
 * four-digit amounts ungrouped ("1234,56"), while avvisi and PA sites print "1.234,56".
 */
export function formatAmount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Importo non valido: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = groupThousands(Math.floor(abs / 100));
  const rest = (abs % 100).toString().padStart(2, '0');
  return `${sign}${euros},${rest}`;
}

/** A whole number with Italian thousands dots: `12.480` (Intl leaves four digits ungrouped, see above). */
export function groupThousands(value: number): string {
  return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

const ENGLISH_EURO = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });

/** `1.234,56 €` (with a non-breaking space so that the sign never wraps alone), or `€1,234.56` in English. */
export function formatEuro(cents: number, locale: Locale = 'it'): string {
  if (locale === 'en') {
    if (!Number.isSafeInteger(cents)) throw new RangeError(`Importo non valido: ${cents}`);
    return ENGLISH_EURO.format(cents / 100);
  }
  return `${formatAmount(cents)}\u00a0€`;
}

/** What a person types as an amount ("12", "12,5", "1.234,56", "12.50") → cents, or null if it is not one. */
export function parseEuroInput(text: string): number | null {
  const value = text.trim().replace(/\s|€/g, '');
  let normalized: string;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(value)) normalized = value.replace(/\./g, '').replace(',', '.');
  else if (/^\d+(,\d{1,2})?$/.test(value)) normalized = value.replace(',', '.');
  else if (/^\d+(\.\d{1,2})?$/.test(value)) normalized = value;
  else return null;
  const [euros = '0', decimals = ''] = normalized.split('.');
  const cents = Number(euros) * 100 + Number(decimals.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}
