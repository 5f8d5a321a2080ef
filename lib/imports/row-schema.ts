import '@/lib/validation/italian';
import { z } from 'zod';
import { parseEuroInput } from '@/lib/format/money';
import { isValidDebtorFiscalCode } from '@/lib/pagopa/fiscal-code';
import { IMPORT_COLUMNS, type ImportColumn } from './csv-format';

/** `AAAA-MM-GG` or `GG/MM/AAAA`, a real calendar day → `AAAA-MM-GG`; empty → null. */
export function parseImportDate(text: string): string | null | undefined {
  if (text === '') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const it = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : it ? [it[3], it[2], it[1]] : [];
  if (!year || !month || !day) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) {
    return undefined;
  }
  return `${year}-${month}-${day}`;
}

const text = (max: number, what: string) =>
  z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().min(1, `${what}: campo obbligatorio`).max(max, `${what}: al massimo ${max} caratteri`));

/** One row of an import file, by column name; the service and its amount rule are checked against the database afterwards. */
export const importRowSchema = z
  .object({
    id_esterno: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/, 'Identificativo esterno non valido: da 1 a 64 tra lettere, cifre e . _ - /'),
    tipo_debitore: z
      .string()
      .trim()
      .transform((v) => v.toUpperCase())
      .pipe(z.enum(['F', 'G'], { message: 'Tipo debitore: F (persona fisica) o G (persona giuridica)' })),
    codice_fiscale: z
      .string()
      .trim()
      .transform((v) => v.toUpperCase())
      .refine(isValidDebtorFiscalCode, 'Codice fiscale non valido: controlla lunghezza e carattere di controllo'),
    nominativo: text(140, 'Nominativo'),
    email: z
      .string()
      .trim()
      .pipe(z.union([z.literal(''), z.email('Indirizzo e-mail non valido').max(254, 'Indirizzo e-mail troppo lungo')]))
      .transform((v) => v || null),
    servizio: z.string().trim().min(1, 'Codice servizio mancante').max(35, 'Servizio sconosciuto'),
    causale: text(140, 'Causale'),
    importo: z.string().transform((v, ctx) => {
      const cents = /^\d+([.,]\d{1,2})?$/.test(v.trim()) ? parseEuroInput(v) : null;
      if (cents === null || cents > 99_999_999_99) {
        ctx.addIssue({ code: 'custom', message: 'Importo non valido: euro con la virgola o il punto, per esempio 123,45' });
        return z.NEVER;
      }
      return cents;
    }),
    scadenza: z
      .string()
      .trim()
      .transform((v, ctx) => {
        const date = parseImportDate(v);
        if (date === undefined) {
          ctx.addIssue({ code: 'custom', message: 'Data non valida: AAAA-MM-GG oppure GG/MM/AAAA' });
          return z.NEVER;
        }
        return date;
      }),
  })
  // Checked only once every field is valid on its own: the code must suit the kind of debtor.
  .superRefine((row, ctx) => {
    if ((row.tipo_debitore === 'G') !== (row.codice_fiscale.length === 11)) {
      ctx.addIssue({
        code: 'custom',
        path: ['codice_fiscale'],
        message: row.tipo_debitore === 'G' ? 'Per G (persona giuridica) servono 11 cifre' : 'Per F (persona fisica) servono 16 caratteri',
      });
    }
  });

export type ImportRow = z.output<typeof importRowSchema>;

/** What is wrong with a row, one entry per problem; the reject file lists them. */
export interface RowProblem {
  column: ImportColumn | null;
  value: string;
  reason: string;
}

export type CheckedRow = { ok: true; row: ImportRow } | { ok: false; problems: RowProblem[] };

/** The fields of one line → a valid row, or every problem of the line. */
export function checkImportRow(fields: readonly string[]): CheckedRow {
  if (fields.length === 1 && fields[0]!.trim() === '') return { ok: false, problems: [{ column: null, value: '', reason: 'Riga vuota' }] };
  if (fields.length !== IMPORT_COLUMNS.length) {
    return {
      ok: false,
      problems: [
        {
          column: null,
          value: fields.join(';'),
          reason: `La riga ha ${fields.length} colonne invece di ${IMPORT_COLUMNS.length}`,
        },
      ],
    };
  }
  const record = Object.fromEntries(IMPORT_COLUMNS.map((column, i) => [column, fields[i]!]));
  const parsed = importRowSchema.safeParse(record);
  if (parsed.success) return { ok: true, row: parsed.data };
  const seen = new Set<string>();
  const problems: RowProblem[] = [];
  for (const issue of parsed.error.issues) {
    const column = issue.path[0] as ImportColumn;
    // One problem per column: the first is what to fix.
    if (seen.has(column)) continue;
    seen.add(column);
    problems.push({ column, value: record[column] ?? '', reason: issue.message });
  }
  return { ok: false, problems };
}
