import '@/lib/validation/italian';
import { z } from 'zod';
import { anomalyKind } from '@/db/schema';
import { exportDaySchema } from '@/lib/conservazione/sincro/day-export';
import { externalIdSchema } from '@/lib/positions/external-schema';

/*
 * What /api/v1 answers and the query strings it reads. The resource builders are typed by these
 * schemas and the OpenAPI document is generated from them, so the three cannot disagree.
 */

const noticeNumber = z
  .string()
  .regex(/^[0-9]{18}$/)
  .meta({ description: 'Codice avviso (NAV), 18 cifre' });
const dateTime = z.iso.datetime({ offset: true });

export const positionResourceSchema = z
  .strictObject({
    externalId: externalIdSchema,
    noticeNumber,
    iuv: z.string().meta({ description: 'Identificativo univoco di versamento' }),
    status: z
      .enum(['valid', 'paid', 'expired', 'cancelled'])
      .meta({ description: 'valid pagabile, paid pagata, expired scaduta, cancelled annullata' }),
    amountCents: z.number().int().meta({ description: 'Importo in centesimi di euro' }),
    dueDate: z.iso.date().nullable(),
    rate: z
      .array(
        z.strictObject({
          noticeNumber,
          iuv: z.string(),
          status: z.enum(['valid', 'paid', 'expired', 'cancelled']),
          amountCents: z.number().int(),
          dueDate: z.iso.date().nullable(),
        }),
      )
      .optional()
      .meta({ description: "Le rate del piano, se la posizione ne ha uno; l'avviso le stampa tutte, ognuna con il suo codice QR" }),
    links: z.strictObject({
      avviso: z.url().meta({ description: "Link firmato al PDF dell'avviso di pagamento, valido per un tempo limitato" }),
    }),
  })
  .meta({ description: 'Una posizione debitoria' });

const subject = z.strictObject({ type: z.enum(['F', 'G']), fiscalCode: z.string(), name: z.string() }).nullable();

export const receiptResourceSchema = z.strictObject({
  id: z.uuid().meta({ description: 'Identificativo della ricevuta nel portale, per il PDF' }),
  receiptId: z.string().meta({ description: 'Identificativo della ricevuta pagoPA' }),
  noticeNumber,
  iuv: z.string(),
  externalId: externalIdSchema.nullable(),
  serviceCode: z.string().nullable(),
  amountCents: z.number().int(),
  feeCents: z.number().int().nullable().meta({ description: 'Commissione del PSP in centesimi, se nota' }),
  pspName: z.string(),
  pspFiscalCode: z.string().nullable().meta({ description: 'Codice fiscale del PSP (fino a 70 caratteri), se indicato' }),
  pspVatNumber: z.string().nullable().meta({ description: 'Partita IVA del PSP, se indicata' }),
  paymentMethod: z.string().nullable(),
  paymentNote: z.string().nullable().meta({ description: 'paymentNote della ricevuta pagoPA (per Checkout: l’idCart)' }),
  paymentDateTime: dateTime,
  recordedAt: dateTime.meta({ description: 'Quando il portale ha registrato la ricevuta: il criterio di since' }),
  debtor: subject,
  payer: subject,
  transfers: z
    .array(
      z.strictObject({
        idTransfer: z.number().int(),
        amountCents: z.number().int(),
        fiscalCodePA: z.string().meta({ description: 'Ente beneficiario del trasferimento' }),
        iban: z.string().nullable().meta({ description: 'IBAN di accredito; null per una marca da bollo digitale' }),
        stamp: z.boolean().meta({ description: 'Marca da bollo digitale (MBDAttachment) invece di un accredito' }),
        remittanceInformation: z.string(),
        category: z.string().meta({ description: 'Codice tassonomico pagoPA' }),
      }),
    )
    .meta({ description: 'I trasferimenti della ricevuta (fino a 5)' }),
  anomaly: z
    .enum(anomalyKind.enumValues)
    .nullable()
    .meta({
      description:
        'Null per la ricevuta che ha pagato la sua posizione. Altrimenti il denaro è stato incassato ma non ha pagato nulla: ' +
        'avviso sconosciuto (externalId null), importo diverso da quello dovuto, avviso già pagato o annullato. ' +
        'Non va registrata come pagamento della posizione: l’Ente la gestisce come anomalia (rimborso).',
    }),
  links: z.strictObject({ ricevuta: z.url().meta({ description: 'Link firmato al PDF della ricevuta' }) }),
});

export const receiptPageSchema = z
  .strictObject({
    items: z.array(receiptResourceSchema),
    nextCursor: z.string().nullable().meta({ description: 'Da passare come cursor per la pagina seguente; null alla fine' }),
  })
  .meta({ description: 'Ricevute in ordine di registrazione' });

export const RECEIPT_PAGE_MAX = 500;

export const receiptQuerySchema = z.strictObject({
  since: dateTime.optional().meta({ description: 'Solo le ricevute registrate da questo istante (ISO 8601 con fuso)' }),
  cursor: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'Cursore non valido')
    .optional()
    .meta({ description: 'Il nextCursor della pagina precedente' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(RECEIPT_PAGE_MAX, `Al massimo ${RECEIPT_PAGE_MAX} ricevute per pagina`)
    .default(100)
    .meta({ description: `Ricevute per pagina, da 1 a ${RECEIPT_PAGE_MAX}` }),
});

export const receiptPdfParamsSchema = z.strictObject({ id: z.uuid('Identificativo non valido') });

export const preservationExportParamsSchema = z.strictObject({
  day: exportDaySchema.meta({ description: 'Il giorno (ora italiana) in cui le ricevute sono state registrate, AAAA-MM-GG' }),
});

export const problemSchema = z
  .looseObject({
    type: z.string(),
    status: z.number().int(),
    title: z.string(),
    detail: z.string().optional(),
    errors: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'I campi non validi, con il percorso nel corpo JSON' }),
    positionStatus: z.enum(['valid', 'paid', 'expired', 'cancelled']).optional().meta({ description: 'Nei 409: lo stato della posizione' }),
  })
  .meta({ description: 'Errore RFC 9457' });
