import '@/lib/validation/italian';
import { z } from 'zod';

/** A GET form sends empty fields as '': they mean "no filter". */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A filter of a GET form: blank is "any". */
export const optionalParam = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** A calendar day `AAAA-MM-GG` as a date input sends it, refused when the day does not exist (2027-02-30). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Scrivi la data nel formato AAAA-MM-GG')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'Questa data non esiste',
  });
