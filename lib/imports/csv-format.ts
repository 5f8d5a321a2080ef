/** The columns of an import file, in order: the header row must be exactly these. */
export const IMPORT_COLUMNS = [
  'id_esterno',
  'tipo_debitore',
  'codice_fiscale',
  'nominativo',
  'email',
  'servizio',
  'causale',
  'importo',
  'scadenza',
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const IMPORT_SEPARATOR = ';';

/** The largest file the back office accepts: about 200,000 rows. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The most the upload route reads of a request: the largest file plus the multipart framing around it. */
export const MAX_IMPORT_REQUEST_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

/** Quotes a field when it holds the separator, a quote or a line break (RFC 4180 style, with `;`). */
export function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(IMPORT_SEPARATOR)}\r\n`;
}

/** The downloadable template: the header and one example row. */
export function importTemplate(): string {
  return (
    csvLine(IMPORT_COLUMNS) +
    csvLine([
      'TARI-2027-000123',
      'F',
      'RSSMRA80A01B157X',
      'Mario Rossi',
      'mario.rossi@example.it',
      'tari',
      'TARI 2027 prima rata',
      '123,45',
      '31/03/2027',
    ])
  );
}
