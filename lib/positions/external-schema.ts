import '@/lib/validation/italian';
import { z } from 'zod';
import { isValidNumericFiscalCode, isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';

/*
 * A position as the Ente's own systems send it: the API body, and the shape the CSV import shares.
 * These schemas are also the source of the OpenAPI document (lib/api/openapi.ts), so the documentation
 * cannot drift from what is validated; `.meta()` carries the descriptions there.
 */

/** The Ente's own id of a debt: short, URL-safe, unique per Ente. */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export const externalIdSchema = z
  .string()
  .regex(EXTERNAL_ID_PATTERN, 'Identificativo esterno non valido: da 1 a 64 caratteri tra lettere, cifre e . _ : -')
  .meta({ description: "Identificativo della posizione nel sistema dell'Ente", example: 'TARI-2027-000123' });

// Control characters (NUL included) never belong in a causale or a name, and PostgreSQL refuses NUL.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function plainText(max: number, what: string) {
  return z
    .string()
    .trim()
    .min(1, `Scrivi ${what}`)
    .max(max, `Al massimo ${max} caratteri`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'Contiene caratteri non ammessi');
}

/** A calendar date that exists (2027-02-30 does not). */
const isoDateSchema = z.iso.date('Data non valida: usa il formato AAAA-MM-GG').refine((value) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}, 'Questa data non esiste');

export const debtorSchema = z
  .strictObject({
    type: z.enum(['F', 'G']).meta({ description: 'F persona fisica, G persona giuridica' }),
    fiscalCode: z
      .string()
      .trim()
      .toUpperCase()
      .max(16, 'Il codice fiscale ha al massimo 16 caratteri')
      .meta({ description: 'Codice fiscale (16 caratteri) per F, codice fiscale o partita IVA (11 cifre) per G' }),
    name: plainText(140, 'il nome e cognome o la ragione sociale'),
    email: z.email('Indirizzo e-mail non valido').max(254).optional(),
  })
  .superRefine((debtor, ctx) => {
    const valid = debtor.type === 'F' ? isValidPersonFiscalCode(debtor.fiscalCode) : isValidNumericFiscalCode(debtor.fiscalCode);
    if (!valid) {
      ctx.addIssue({
        code: 'custom',
        path: ['fiscalCode'],
        message:
          debtor.type === 'F'
            ? 'Codice fiscale non valido: controlla i 16 caratteri e il carattere di controllo'
            : 'Codice fiscale o partita IVA non valida: servono 11 cifre con la cifra di controllo corretta',
      });
    }
  });

/** Largest amount accepted: 999.999.999,99 € is beyond any real debt and well within a safe integer. */
export const MAX_AMOUNT_CENTS = 99_999_999_999;

/** Instalments of one plan: the avviso prints them in groups of 2 or 3 (pagoPA's «Rate multiple» layouts). */
export const MAX_INSTALMENTS = 99;

export const externalPositionSchema = z
  .strictObject({
    serviceCode: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,34}$/, 'Codice servizio non valido')
      .meta({ description: 'Codice del servizio del catalogo, attivo', example: 'tari' }),
    amountCents: z
      .number()
      .int('Importo in centesimi: un numero intero')
      .min(0, "L'importo non può essere negativo")
      .max(MAX_AMOUNT_CENTS, 'Importo troppo alto')
      .meta({ description: 'Importo in centesimi di euro; 0 annulla la posizione' }),
    causale: plainText(140, 'la causale'),
    dueDate: isoDateSchema.optional().meta({ description: 'Scadenza, AAAA-MM-GG' }),
    debtor: debtorSchema,
    rate: z
      .array(
        z.strictObject({
          amountCents: z
            .number()
            .int('Importo in centesimi: un numero intero')
            .min(1, "L'importo della rata deve essere positivo")
            .max(MAX_AMOUNT_CENTS, 'Importo troppo alto'),
          dueDate: isoDateSchema.meta({ description: 'Scadenza della rata, AAAA-MM-GG' }),
        }),
      )
      .min(2, 'Un piano ha almeno 2 rate')
      .max(MAX_INSTALMENTS, `Un piano ha al massimo ${MAX_INSTALMENTS} rate`)
      .optional()
      .meta({
        description:
          "Piano rateale: in alternativa al pagamento in unica soluzione (amountCents, dueDate) il debitore può pagare queste rate, ognuna con il suo codice avviso. Pagata l'unica soluzione le rate si annullano; pagata una rata si annulla l'unica soluzione. Un piano non si modifica: si annulla (importo 0) e se ne crea un altro.",
      }),
  })
  .meta({ description: 'Una posizione debitoria da creare o aggiornare' });

export type ExternalPositionInput = z.output<typeof externalPositionSchema>;
