/**
 * Euro cents → Italian text. Written by hand rather than with Intl: ICU's Italian locale leaves
 * four-digit amounts ungrouped ("1234,56"), while avvisi and PA sites print "1.234,56".
 */
export function formatAmount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Importo non valido: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = (abs % 100).toString().padStart(2, '0');
  return `${sign}${euros},${rest}`;
}

/** `1.234,56 €`, with a non-breaking space so that the sign never wraps alone. */
export function formatEuro(cents: number): string {
  return `${formatAmount(cents)}\u00a0€`;
}
