import '@/lib/validation/italian';
import { z } from 'zod';
import { positionStatus } from '@/db/schema';
import { uuidSchema } from '@/lib/validation/ids';
import { optionalParam as optional } from '@/lib/validation/query-params';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Scrivi la data nel formato AAAA-MM-GG');

/**
 * The back office's position filters, as they arrive in the query string of the GET form (the names are
 * the form's). Blank fields mean "any"; every value is bounded so that no odd input reaches a query.
 */
export const positionFiltersSchema = z
  .object({
    stato: optional(z.enum(positionStatus.enumValues, { message: 'Stato non valido' })),
    servizio: optional(uuidSchema),
    scadenzaDal: optional(isoDate),
    scadenzaAl: optional(isoDate),
    cf: optional(
      z
        .string()
        .max(40, 'Il codice fiscale è troppo lungo')
        .transform((v) => v.replace(/\s/g, '').toUpperCase())
        .refine((v) => /^[A-Z0-9]{11,16}$/.test(v), 'Scrivi un codice fiscale (16 caratteri) o una partita IVA (11 cifre)'),
    ),
    avviso: optional(
      z
        .string()
        .max(60, 'Il codice avviso è troppo lungo')
        .transform((v) => v.replace(/[\s.-]/g, ''))
        .refine((v) => /^\d{18}$/.test(v), 'Il codice avviso ha 18 cifre'),
    ),
    idEsterno: optional(z.string().trim().max(64, "L'identificativo esterno ha al massimo 64 caratteri")),
    testo: optional(z.string().trim().max(100, 'Cerca al massimo 100 caratteri')),
    registrazione: optional(z.literal('in_attesa', { message: 'Filtro non valido' })),
    dopo: optional(z.string().max(120)),
  })
  .refine((f) => !f.scadenzaDal || !f.scadenzaAl || f.scadenzaDal <= f.scadenzaAl, {
    message: 'La data iniziale è successiva a quella finale',
    path: ['scadenzaAl'],
  });

export type PositionFilters = z.output<typeof positionFiltersSchema>;

/** The query string's values, first of each repeated name, as the schema expects them. */
export function firstValues(query: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

/** The keyset cursor: the last row's creation time (with microseconds, as Postgres keeps it) and id. */
export interface PositionCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(cursor: PositionCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

/** A cursor from the URL, or undefined when it is not one of ours (a forged value is simply ignored). */
export function decodeCursor(text: string | undefined): PositionCursor | undefined {
  if (!text) return undefined;
  const [createdAt, id] = Buffer.from(text, 'base64url').toString().split('|');
  if (!createdAt || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(createdAt)) return undefined;
  return uuidSchema.safeParse(id).success ? { createdAt, id: id! } : undefined;
}
