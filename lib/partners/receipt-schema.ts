import { z } from 'zod';

const subject = z.object({
  type: z.enum(['F', 'G']),
  fiscalCode: z.string().min(2).max(16),
  fullName: z.string().min(1).max(70),
  email: z.string().max(254).optional(),
});

const cents = z.number().int().positive();

/** A receipt as partners deliver it (ctReceiptV2 in cents): the parse at the boundary for every adapter. */
export const partnerReceiptSchema = z.object({
  receiptId: z.string().min(1).max(35),
  noticeNumber: z.string().regex(/^[0-9]{18}$/),
  creditorFiscalCode: z.string().regex(/^[0-9]{11}$/),
  outcome: z.literal('OK'),
  creditorReferenceId: z.string().min(1).max(35),
  amountCents: cents,
  description: z.string().min(1).max(140),
  companyName: z.string().min(1).max(140),
  officeName: z.string().max(140).optional(),
  debtor: subject.optional(),
  payer: subject.optional(),
  transfers: z
    .array(
      z.object({
        idTransfer: z.number().int().min(1).max(5),
        amountCents: cents,
        fiscalCodePA: z.string().regex(/^[0-9]{11}$/),
        iban: z.string().min(1).max(35),
        remittanceInformation: z.string().min(1).max(140),
        transferCategory: z.string().min(1).max(35),
      }),
    )
    .min(1)
    .max(5),
  idPsp: z.string().min(1).max(35),
  pspFiscalCode: z.string().max(16).optional(),
  pspName: z.string().min(1).max(70),
  idChannel: z.string().min(1).max(35),
  channelDescription: z.string().max(140).optional(),
  paymentMethod: z.string().max(35).optional(),
  feeCents: z.number().int().nonnegative().optional(),
  paymentDateTime: z.string().datetime({ offset: true }),
  applicationDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  transferDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});

/** The sandbox partner's callback body: one receipt per call. */
export const sandboxCallbackSchema = z.object({
  type: z.literal('receipt'),
  creditorFiscalCode: z.string().regex(/^[0-9]{11}$/),
  receipt: partnerReceiptSchema,
});

export type SandboxCallback = z.infer<typeof sandboxCallbackSchema>;
