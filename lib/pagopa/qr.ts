/**
 * Payload of the avviso's QR code (shared/reference/pagopa.md §2.1):
 * PAGOPA|002|<NAV 18>|<creditor fiscal code 11>|<amount in cents, 2 to 11 digits>
 * The specification's table sets the amount at 2 characters at least: one cent is `01`. Larger amounts
 * are not padded, as pagoPA's own generator does.
 */
export function qrPayload(noticeNumber: string, creditorFiscalCode: string, amountCents: number): string {
  if (!/^[0-9]{18}$/.test(noticeNumber)) throw new RangeError('Il codice avviso deve essere di 18 cifre');
  if (!/^[0-9]{11}$/.test(creditorFiscalCode)) throw new RangeError("Il codice fiscale dell'Ente deve essere di 11 cifre");
  if (!Number.isSafeInteger(amountCents) || amountCents < 1 || amountCents > 99_999_999_999) {
    throw new RangeError("L'importo deve essere tra 1 centesimo e 999.999.999,99 €");
  }
  return ['PAGOPA', '002', noticeNumber, creditorFiscalCode, String(amountCents).padStart(2, '0')].join('|');
}
