import '@/lib/validation/italian';
import { z } from 'zod';

/** No control characters in text people type: they would reach PDFs, CSV exports and e-mails. */
export const NO_CONTROL = (v: string) => !/\p{Cc}/u.test(v);
export const CONTROL_MESSAGE = 'Il testo contiene caratteri non ammessi';

/** Optional text: empty becomes null, so that clearing a field clears the column. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Al massimo ${max} caratteri`)
    .refine(NO_CONTROL, CONTROL_MESSAGE)
    .nullable()
    .optional()
    .transform((v) => v || null);

export const optionalEmail = z
  .union([z.literal(''), z.email({ message: 'Indirizzo e-mail non valido' }).max(254, 'Indirizzo e-mail troppo lungo')])
  .nullable()
  .optional()
  .transform((v) => (v ? v.toLowerCase() : null));

/** A write-only secret typed or pasted (a partner's key, App IO's): empty means «keep the stored one». */
export const secretInput = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Al massimo ${max} caratteri`)
    .refine(NO_CONTROL, CONTROL_MESSAGE)
    .refine((v) => v === '' || !/\s/.test(v), 'Senza spazi');
