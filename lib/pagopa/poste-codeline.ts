/**
 * The content of the Data Matrix of the Bollettino Postale PA (shared/reference/pagopa.md §2.2), as pagoPA's own
 * notice generator builds it: a fixed 256-character string that Poste Italiane reads to pay through
 * verificaBollettino. Poste's «Manuale della stampa in proprio» was not available, so the meaning of the fields
 * beyond this layout is unverified.
 */

export interface PosteCodelineInput {
  noticeNumber: string;
  postalAccountNumber: string;
  amountCents: number;
  creditorFiscalCode: string;
  debtorFiscalCode: string | null;
  debtorName: string | null;
  subject: string;
}

/** Poste's document type for the Bollettino PA (TD 896). */
const POSTE_DOCUMENT_TYPE = '896';

/** Fixed-width, plain ASCII: accents are dropped so that every reader counts the same 256 characters. */
function field(value: string | null, width: number): string {
  const ascii = (value ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, ' ');
  return ascii.slice(0, width).padEnd(width, ' ');
}

export function posteCodeline(input: PosteCodelineInput): string {
  if (!/^[0-9]{18}$/.test(input.noticeNumber)) throw new RangeError('Il codice avviso deve essere di 18 cifre');
  if (!/^[0-9]{1,12}$/.test(input.postalAccountNumber)) throw new RangeError('Il conto corrente postale ha al massimo 12 cifre');
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 1 || input.amountCents > 9_999_999_999) {
    throw new RangeError('Importo non valido per il bollettino postale');
  }
  return [
    'codfase=NBPA;',
    '18',
    input.noticeNumber,
    '12',
    input.postalAccountNumber.padStart(12, '0'),
    '10',
    String(input.amountCents).padStart(10, '0'),
    '3',
    POSTE_DOCUMENT_TYPE,
    '1P1',
    field(input.creditorFiscalCode, 11),
    field(input.debtorFiscalCode?.toUpperCase() ?? null, 16),
    field(input.debtorName, 40),
    field(input.subject, 110),
    field(null, 12),
    'A',
  ].join('');
}
