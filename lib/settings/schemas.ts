import '@/lib/validation/italian';
import { z } from 'zod';
import { normalizeItalianIban } from '@/lib/pagopa/iban';
import { CONTROL_MESSAGE, NO_CONTROL, optionalEmail, optionalText } from '@/lib/validation/optional-fields';

/** The Ente's profile as its admin edits it. The fiscal code is not here: it is the Ente's identity at pagoPA. */
export const enteProfileInput = z
  .object({
    name: z.string().trim().min(3, 'Scrivi almeno 3 caratteri').max(200, 'Al massimo 200 caratteri').refine(NO_CONTROL, CONTROL_MESSAGE),
    ipaCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_]{1,16}$/, 'Codice IPA non valido (lettere, cifre e _, fino a 16)'),
    cbill: z
      .string()
      .trim()
      .toUpperCase()
      .refine((v) => v === '' || /^[A-Z0-9]{5}$/.test(v), 'Il codice CBILL ha 5 lettere o cifre')
      .nullable()
      .optional()
      .transform((v) => v || null),
    sector: optionalText(50),
    primaryColor: z
      .string()
      .trim()
      .refine((v) => v === '' || /^#[0-9a-fA-F]{6}$/.test(v), 'Colore nel formato #RRGGBB')
      .nullable()
      .optional()
      .transform((v) => v || null),
    address: optionalText(200),
    email: optionalEmail,
    pec: optionalEmail,
    phone: optionalText(30),
    website: z
      .string()
      .trim()
      .max(254, 'Al massimo 254 caratteri')
      .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'Scrivi l’indirizzo completo, es. https://www.comune.esempio.it')
      .nullable()
      .optional()
      .transform((v) => v || null),
    officeHours: optionalText(200),
    iban: z
      .string()
      .max(60, 'IBAN troppo lungo')
      .nullable()
      .optional()
      .transform((v, ctx) => {
        if (!v || v.trim() === '') return null;
        const iban = normalizeItalianIban(v);
        if (!iban) ctx.addIssue({ code: 'custom', message: 'IBAN non valido: serve un IBAN italiano di 27 caratteri' });
        return iban ?? z.NEVER;
      }),
    // The conto corrente postale: with it, the avviso carries the Bollettino Postale PA and its Data Matrix.
    postalAccountNumber: z
      .string()
      .trim()
      .refine((v) => v === '' || /^[0-9]{1,12}$/.test(v), 'Il numero di conto corrente postale ha al massimo 12 cifre')
      .nullable()
      .optional()
      .transform((v) => v || null),
    postalAccountHolder: optionalText(50),
    postalAuthorization: optionalText(60),
  })
  .superRefine((profile, ctx) => {
    if (profile.postalAccountNumber && !profile.postalAccountHolder) {
      ctx.addIssue({ code: 'custom', path: ['postalAccountHolder'], message: 'Scrivi l’intestatario del conto corrente postale' });
    }
    if (!profile.postalAccountNumber && (profile.postalAccountHolder || profile.postalAuthorization)) {
      ctx.addIssue({ code: 'custom', path: ['postalAccountNumber'], message: 'Scrivi il numero del conto corrente postale' });
    }
  });
export type EnteProfileInput = z.input<typeof enteProfileInput>;
export type EnteProfileData = z.output<typeof enteProfileInput>;

/** An uploaded logo; its content is checked by magic bytes and dimensions, not by the name or type it claims. */
export const logoInput = z.object({ logo: z.file({ message: 'Scegli un file PNG o JPEG' }) });

/** A secret pasted from the partner, or none to have the portal generate one. */
export const partnerSecretInput = z.object({
  secret: z
    .string()
    .trim()
    .refine((v) => v === '' || /^[\x21-\x7e]{32,200}$/.test(v), 'Il segreto deve avere da 32 a 200 caratteri stampabili, senza spazi')
    .optional()
    .transform((v) => v || null),
});
