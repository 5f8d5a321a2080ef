import '@/lib/validation/italian';
import { z } from 'zod';
import { uuidSchema } from '@/lib/validation/ids';
import { isoDateSchema as isoDate, optionalParam as optional } from '@/lib/validation/query-params';
import { MAX_RECEIPT_ID_LENGTH } from '@/lib/partners/receipt-schema';

/**
 * The search of the receipts list and the range of the accounting exports: one schema for the form, the
 * page and the export routes. Field names are the query parameters, in Italian.
 */
export const receiptFiltersSchema = z
  .object({
    dal: optional(isoDate),
    al: optional(isoDate),
    avviso: optional(
      z
        .string()
        .max(60, 'Il codice avviso è troppo lungo')
        .transform((value) => value.replace(/[\s.-]/g, ''))
        .pipe(z.string().regex(/^\d{18}$/, 'Il codice avviso ha 18 cifre')),
    ),
    iuv: optional(
      z
        .string()
        .trim()
        .max(35, 'Lo IUV ha al massimo 35 caratteri')
        .regex(/^[A-Za-z0-9]+$/, 'Lo IUV contiene solo lettere e cifre'),
    ),
    ricevuta: optional(
      z
        .string()
        .trim()
        .max(MAX_RECEIPT_ID_LENGTH, `L'identificativo della ricevuta ha al massimo ${MAX_RECEIPT_ID_LENGTH} caratteri`)
        .regex(/^[\x21-\x7e]+$/, "L'identificativo della ricevuta non contiene spazi né caratteri speciali"),
    ),
    cf: optional(
      z
        .string()
        .max(40, 'Il codice fiscale è troppo lungo')
        .transform((value) => value.replace(/\s/g, '').toUpperCase())
        .pipe(z.string().regex(/^([A-Z0-9]{16}|\d{11})$/, 'Scrivi un codice fiscale (16 caratteri) o una partita IVA (11 cifre)')),
    ),
    servizio: optional(uuidSchema),
  })
  .refine((f) => !f.dal || !f.al || f.dal <= f.al, { path: ['al'], message: 'La data finale viene prima di quella iniziale' });

export type ReceiptFilters = z.output<typeof receiptFiltersSchema>;

const RECEIPT_FILTER_KEYS = ['dal', 'al', 'avviso', 'iuv', 'ricevuta', 'cf', 'servizio'] as const;

/** The filters as query parameters again (for the export links and the next page). */
export function filtersToQuery(filters: ReceiptFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of RECEIPT_FILTER_KEYS) {
    const value = filters[key];
    if (value) query.set(key, value);
  }
  return query;
}

/** The first value of each filter parameter, as a page or route receives them. */
export function filterInputOf(read: (key: string) => string | undefined): Record<string, string | undefined> {
  return Object.fromEntries(RECEIPT_FILTER_KEYS.map((key) => [key, read(key)?.slice(0, 200)]));
}
