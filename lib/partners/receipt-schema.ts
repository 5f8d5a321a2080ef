import { z } from 'zod';
import { romeLocalToDate } from '@/lib/format/rome-time';
import type { PartnerReceipt } from './types';

/*
 * pagoPA's ctReceiptV2 (paForNode.xsd, reference pagopa.md §4.3 and §9) in cents. Everything here ends up
 * in PostgreSQL text, date and jsonb columns. What those refuse (a NUL byte, an impossible calendar date, a
 * year out of range, a text longer than its column) must be refused here, as a 400, and never reach the
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

const fiscalCodePA = z.string().regex(/^[0-9]{11}$/);

const subject = z.object({
  type: z.enum(['F', 'G']),
  fiscalCode: text(2, 16),
  fullName: text(1, 70),
  email: text(0, 254).optional(),
});

const cents = z.number().int().positive();

/** ctMetadata: 1 to 15 mapEntry key/value pairs, each up to 140 characters. */
export const MAX_METADATA_ENTRIES = 15;
const metadata = z.record(text(1, 140), text(0, 140)).refine((map) => {
  const size = Object.keys(map).length;
  return size >= 1 && size <= MAX_METADATA_ENTRIES;
}, `da 1 a ${MAX_METADATA_ENTRIES} coppie chiave/valore`);

/**
 * The XSD sets no length for receiptId. Real ones are payment tokens of 32–35 characters; the cap stops
 * abuse and keeps the (ente_id, receipt_id) unique index under PostgreSQL's B-tree entry limit (≈2700
 * bytes), hence also the cap on UTF-8 bytes.
 */
export const MAX_RECEIPT_ID_LENGTH = 1024;
const receiptId = text(1, MAX_RECEIPT_ID_LENGTH).refine(
  (value) => Buffer.byteLength(value, 'utf8') <= 2 * MAX_RECEIPT_ID_LENGTH,
  'identificativo della ricevuta troppo lungo',
);

/**
 * A marca da bollo digitale is a small signed XML (a few KB): 64 KiB of base64 is ample. xs:base64Binary
 * may be wrapped over lines: the whitespace is dropped (the original document keeps it).
 */
export const MAX_MBD_ATTACHMENT_LENGTH = 65_536;
const mbdAttachment = z
  .string()
  .max(2 * MAX_MBD_ATTACHMENT_LENGTH)
  .transform((value) => value.replace(/[ \t\r\n]+/g, ''))
  .pipe(
    z
      .string()
      .min(4)
      .max(MAX_MBD_ATTACHMENT_LENGTH)
      .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'allegato della marca da bollo non in base64'),
  );

/** ctTransferPAReceiptV2: the money goes to an IBAN, or the transfer is a marca da bollo digitale; exactly one. */
const transfer = z
  .object({
    idTransfer: z.number().int().min(1).max(5),
    amountCents: cents,
    fiscalCodePA,
    companyName: text(1, 140).optional(),
    iban: text(1, 35).optional(),
    mbdAttachment: mbdAttachment.optional(),
    remittanceInformation: text(1, 140),
    transferCategory: text(1, 140),
    metadata: metadata.optional(),
  })
  .refine((t) => (t.iban === undefined) !== (t.mbdAttachment === undefined), {
    message: 'ogni accredito ha un IBAN oppure una marca da bollo digitale, non entrambi né nessuno dei due',
    path: ['iban'],
  });

/**
 * xsd:dateTime with or without offset, normalised to an ISO instant. Without an offset it is Italian wall
 * time, as real receipts carry it (reference pagopa.md §9).
 */
const paymentDateTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.datetime({ local: true })])
  .refine(plausibleYear, 'anno fuori intervallo')
  .transform((value, ctx) => {
    const instant = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) ? new Date(value) : romeLocalToDate(value);
    if (!instant || Number.isNaN(instant.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'data e ora non valide' });
      return z.NEVER;
    }
    return instant.toISOString();
  });

/** A receipt as partners deliver it (ctReceiptV2 in cents): the parse at the boundary for every adapter. */
export const partnerReceiptSchema = z
  .object({
    receiptId,
    noticeNumber: z.string().regex(/^[0-9]{18}$/),
    creditorFiscalCode: fiscalCodePA,
    // pagoPA sends receipts only for successful payments: anything else is not a receipt.
    outcome: z.literal('OK'),
    creditorReferenceId: text(1, 35),
    amountCents: cents,
    description: text(1, 140),
    companyName: text(1, 140),
    officeName: text(0, 140).optional(),
    debtor: subject.optional(),
    payer: subject.optional(),
    transfers: z.array(transfer).min(1).max(5),
    idPsp: text(1, 35),
    pspFiscalCode: text(1, 70).optional(),
    pspVatNumber: text(1, 20).optional(),
    pspName: text(1, 70),
    idChannel: text(1, 35),
    channelDescription: text(0, 140).optional(),
    paymentMethod: text(0, 35).optional(),
    feeCents: z.number().int().nonnegative().optional(),
    paymentDateTime,
    applicationDate: calendarDate.optional(),
    transferDate: calendarDate.optional(),
    paymentNote: text(1, 210).optional(),
    metadata: metadata.optional(),
    standIn: z.boolean().optional(),
  })
  .superRefine((receipt, ctx) => {
    const ids = receipt.transfers.map((t) => t.idTransfer);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['transfers'], message: 'idTransfer ripetuto' });
    }
    const sum = receipt.transfers.reduce((total, t) => total + t.amountCents, 0);
    if (sum !== receipt.amountCents) {
      ctx.addIssue({
        code: 'custom',
        path: ['transfers'],
        message: `la somma degli accrediti (${sum}) differisce dall'importo (${receipt.amountCents})`,
      });
    }
  });

/**
 * A receipt an adapter parsed from a document (lib/pagopa/receipt-xml.ts) through the schema: the original
 * bytes are not JSON and are carried over as they are.
 */
export function validatePartnerReceipt(candidate: PartnerReceipt): z.ZodSafeParseResult<PartnerReceipt> {
  const { original, ...fields } = candidate;
  const parsed = partnerReceiptSchema.safeParse(fields);
  return parsed.success && original ? { success: true, data: { ...parsed.data, original } } : parsed;
}

/** The sandbox partner's callback body: one receipt per call. */
export const sandboxCallbackSchema = z.object({
  type: z.literal('receipt'),
  creditorFiscalCode: fiscalCodePA,
  receipt: partnerReceiptSchema,
});

export type SandboxCallback = z.infer<typeof sandboxCallbackSchema>;
