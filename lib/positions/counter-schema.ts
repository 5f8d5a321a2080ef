import '@/lib/validation/italian';
import { z } from 'zod';
import { isValidNumericFiscalCode, isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';
import { uuidSchema } from '@/lib/validation/ids';

/**
 * A position created by hand for a debtor at the counter: the form's schema (react-hook-form) and the
 * action's. Every value is a string, as inputs give them; the amount is checked against the chosen
 * service's rule on the server (counter.ts), where the service is known.
 */
export const counterPositionSchema = z
  .object({
    /** Made by the browser once per form: a replayed or doubled submission creates nothing new. */
    requestId: uuidSchema,
    serviceId: uuidSchema,
    debtorType: z.enum(['F', 'G'], { message: 'Scegli se il debitore è una persona fisica o giuridica' }),
    debtorFiscalCode: z.string().trim().toUpperCase().max(16, 'Il codice fiscale ha al massimo 16 caratteri'),
    debtorName: z.string().trim().min(2, 'Scrivi nome e cognome o la ragione sociale').max(70, 'Al massimo 70 caratteri'),
    debtorEmail: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, "L'indirizzo e-mail è troppo lungo")
      .refine((v) => v === '' || z.email().safeParse(v).success, "L'indirizzo e-mail non è valido"),
    amount: z.string().trim().max(20, "L'importo è troppo lungo"),
    quantity: z.string().trim().max(6, 'La quantità è troppo lunga'),
    causale: z.string().trim().min(3, 'Scrivi la causale (almeno 3 caratteri)').max(140, 'La causale ha al massimo 140 caratteri'),
    dueDate: z
      .string()
      .trim()
      .refine((v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), 'Scegli una data valida'),
  })
  .superRefine((v, ctx) => {
    const valid = v.debtorType === 'F' ? isValidPersonFiscalCode(v.debtorFiscalCode) : isValidNumericFiscalCode(v.debtorFiscalCode);
    if (!valid)
      ctx.addIssue({
        code: 'custom',
        path: ['debtorFiscalCode'],
        message:
          v.debtorType === 'F'
            ? 'Scrivi un codice fiscale valido (16 caratteri)'
            : 'Scrivi una partita IVA o un codice fiscale numerico valido (11 cifre)',
      });
  });

export type CounterPositionInput = z.input<typeof counterPositionSchema>;
export type CounterPosition = z.output<typeof counterPositionSchema>;
