import { z } from 'zod';

/*
 * Everything here ends up in PostgreSQL text, date and jsonb columns. What those refuse (a NUL byte, an
 * impossible calendar date, a year out of range) must be refused here, as a 400, and never reach the
 * database, where it would be an error that the partner retries forever.
 */

/** Text without control characters (NUL included) or unpaired surrogates. */
const text = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, 'caratteri di controllo non ammessi');

const plausibleYear = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= 2000 && year <= 2099;
};

/** A real calendar day (no 30 February). */
const calendarDate = z.iso.date().refine(plausibleYear, 'anno fuori intervallo');

const subject = z.object({
  type: z.enum(['F', 'G']),
  fiscalCode: text(2, 16),
  fullName: text(1, 70),
  email: text(0, 254).optional(),
});

const cents = z.number().int().positive();

/** A receipt as partners deliver it (ctReceiptV2 in cents): the parse at the boundary for every adapter. */
export const partnerReceiptSchema = z.object({
  receiptId: text(1, 35),
  noticeNumber: z.string().regex(/^[0-9]{18}$/),
  creditorFiscalCode: z.string().regex(/^[0-9]{11}$/),
  outcome: z.literal('OK'),
  creditorReferenceId: text(1, 35),
  amountCents: cents,
  description: text(1, 140),
  companyName: text(1, 140),
  officeName: text(0, 140).optional(),
  debtor: subject.optional(),
  payer: subject.optional(),
  transfers: z
    .array(
      z.object({
        idTransfer: z.number().int().min(1).max(5),
        amountCents: cents,
        fiscalCodePA: z.string().regex(/^[0-9]{11}$/),
        iban: text(1, 35),
        remittanceInformation: text(1, 140),
        transferCategory: text(1, 35),
      }),
    )
    .min(1)
    .max(5),
  idPsp: text(1, 35),
  pspFiscalCode: text(0, 16).optional(),
  pspName: text(1, 70),
  idChannel: text(1, 35),
  channelDescription: text(0, 140).optional(),
  paymentMethod: text(0, 35).optional(),
  feeCents: z.number().int().nonnegative().optional(),
  paymentDateTime: z.iso.datetime({ offset: true }).refine(plausibleYear, 'anno fuori intervallo'),
  applicationDate: calendarDate.optional(),
  transferDate: calendarDate.optional(),
});

/** The sandbox partner's callback body: one receipt per call. */
export const sandboxCallbackSchema = z.object({
  type: z.literal('receipt'),
  creditorFiscalCode: z.string().regex(/^[0-9]{11}$/),
  receipt: partnerReceiptSchema,
});

export type SandboxCallback = z.infer<typeof sandboxCallbackSchema>;
