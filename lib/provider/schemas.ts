import '@/lib/validation/italian';
import { z } from 'zod';
import { isValidNumericFiscalCode } from '@/lib/pagopa/fiscal-code';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `al massimo ${max} caratteri`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

const optionalUrl = z
  .string()
  .trim()
  .max(500)
  .refine(
    (v) => v === '' || /^https?:\/\/[^\s]+$/.test(v) || /^\/[^\s/\\][^\s]*$/.test(v),
    'deve essere un indirizzo http(s):// o un percorso del sito',
  )
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional()
  .transform((v) => v ?? null);

const optionalEmail = z
  .union([z.literal(''), z.email({ message: 'indirizzo e-mail non valido' }).max(254)])
  .nullable()
  .optional()
  .transform((v) => (v ? v.toLowerCase() : null));

/** The provider's identity, as the CIT admin's form, `npm run setup` and the server action all validate it. */
export const providerProfileSchema = z.object({
  name: z.string().trim().min(3, 'almeno 3 caratteri').max(200),
  shortName: z.string().trim().min(2, 'almeno 2 caratteri').max(60),
  fiscalCode: z.string().trim().refine(isValidNumericFiscalCode, 'codice fiscale non valido (11 cifre con cifra di controllo)'),
  ipaCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{1,16}$/, 'codice IPA non valido (lettere, cifre e _, fino a 16)'),
  serviceCentreName: z.string().trim().min(3, 'almeno 3 caratteri').max(200),
  serviceCentreShortName: z.string().trim().min(2, 'almeno 2 caratteri').max(20),
  coatOfArmsUrl: optionalUrl,
  primaryColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'colore nel formato #RRGGBB'),
  address: optionalText(200),
  email: optionalEmail,
  pec: optionalEmail,
  phone: optionalText(30),
  officeHours: optionalText(200),
  website: optionalUrl,
  privacyUrl: optionalUrl,
});

export type ProviderProfileInput = z.input<typeof providerProfileSchema>;
export type ProviderProfileData = z.output<typeof providerProfileSchema>;
