import '@/lib/validation/italian';
import { z } from 'zod';
import { optionalEmail, secretInput } from '@/lib/validation/optional-fields';

/** The settings form, as an admin submits it (checkboxes come as 'on' or not at all). */
const checkbox = z
  .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false')])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');

export const notificationSettingsInput = z.object({
  emailEnabled: checkbox,
  ioEnabled: checkbox,
  receiptEnabled: checkbox,
  newNoticeEnabled: checkbox,
  reminderEnabled: checkbox,
  attachReceiptPdf: checkbox,
  senderAddress: optionalEmail,
  /** The key of the Ente's IO service: write-only, empty keeps the stored one. */
  ioServiceKey: secretInput(200)
    .refine(
      (v) => v === '' || v.length >= 16,
      'La chiave del servizio IO ha almeno 16 caratteri: copiala intera dall’Area Riservata di PagoPA (App IO, Servizi)',
    )
    .default(''),
  remove: z.object({ ioServiceKey: checkbox }).default({ ioServiceKey: false }),
  reminderDaysBefore: z.coerce
    .number({ message: 'Scrivi un numero di giorni' })
    .int('Scrivi un numero intero di giorni')
    .min(1, 'Almeno 1 giorno')
    .max(60, 'Al massimo 60 giorni'),
  maxReminders: z.coerce
    .number({ message: 'Scrivi quanti promemoria' })
    .int('Scrivi un numero intero')
    .min(1, 'Almeno 1 promemoria')
    .max(5, 'Al massimo 5 promemoria'),
});
export type NotificationSettingsInput = z.input<typeof notificationSettingsInput>;
