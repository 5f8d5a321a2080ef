import { z } from 'zod';
import { euroNumberToCents } from '@/lib/pagopa/euro-amount';
import { receiptInstant } from '@/lib/pagopa/receipt-xml';

/*
 * What a flusso di rendicontazione must look like before it is stored, whichever way it came (FdR 3 pull,
 * GovPay push): the lengths of the columns it goes into, indices unique within the flow.
 */

const id35 = z
  .string()
  .trim()
  .min(1)
  .max(35)
  .regex(/^[^\x00-\x1f\x7f]*$/, 'caratteri di controllo non ammessi');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'data nel formato AAAA-MM-GG');

export const REPORTED_OUTCOMES = ['EXECUTED', 'REVOKED', 'STAND_IN', 'STAND_IN_NO_RPT', 'NO_RPT'] as const;
export type ReportedOutcome = (typeof REPORTED_OUTCOMES)[number];
/** The outcomes that say the money was settled: a REVOKED payment never makes a position reported. */
export const SETTLED_OUTCOMES: readonly ReportedOutcome[] = ['EXECUTED', 'STAND_IN', 'STAND_IN_NO_RPT', 'NO_RPT'];

export const reportingFlowSchema = z
  .object({
    flowId: id35,
    pspId: id35,
    revision: z.number().int().min(1).max(1_000_000),
    flowDate: z.string().min(1).max(40),
    regulation: id35,
    regulationDate: isoDate,
    bicCodePouringBank: z.string().max(35).optional(),
    pspName: z.string().max(140).optional(),
    totPayments: z.number().int().min(0),
    sumCents: z.number().int(),
    payments: z
      .array(
        z.object({
          index: z.number().int().min(1),
          iuv: id35,
          iur: id35,
          idTransfer: z.number().int().min(1).max(5),
          amountCents: z.number().int(),
          outcome: z.enum(REPORTED_OUTCOMES),
          payDate: isoDate,
        }),
      )
      .max(100_000),
  })
  .refine((flow) => new Set(flow.payments.map((p) => p.index)).size === flow.payments.length, 'indici di pagamento ripetuti nel flusso')
  .refine((flow) => !Number.isNaN(Date.parse(flow.flowDate)), 'data del flusso non valida');

/** GovPay's esito names, mapped onto FdR 3's payStatus. */
const GOVPAY_OUTCOMES = {
  ESEGUITO: 'EXECUTED',
  REVOCATO: 'REVOKED',
  ESEGUITO_STANDIN: 'STAND_IN',
  ESEGUITO_STANDIN_SENZA_RPT: 'STAND_IN_NO_RPT',
  ESEGUITO_SENZA_RPT: 'NO_RPT',
} as const satisfies Record<string, ReportedOutcome>;

/** A day, given as a date or as a date-time (the day is what counts). */
const dayOf = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/, 'data non valida')
  .transform((value) => value.slice(0, 10));

/**
 * GovPay's reconciliation push (API Notifica e Verifica, `POST /rendicontazioni`): one payment of a flow
 * per call. Amounts in euro, converted here exactly; `indice` is the transfer's index (idTransfer).
 */
export const govpayRendicontazioneSchema = z.object({
  idDominio: z.string().regex(/^[0-9]{11}$/, 'codice fiscale dell’Ente di 11 cifre'),
  iuv: id35,
  iur: id35,
  indice: z.number().int().min(1).max(5),
  importo: z.number().transform((value, ctx) => {
    try {
      return euroNumberToCents(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'importo in euro con al più due decimali' });
      return z.NEVER;
    }
  }),
  esito: z.enum(Object.keys(GOVPAY_OUTCOMES) as [keyof typeof GOVPAY_OUTCOMES, ...(keyof typeof GOVPAY_OUTCOMES)[]]),
  data: dayOf,
  idFlusso: id35,
  dataFlusso: z
    .string()
    .max(40)
    .transform((value, ctx) => {
      try {
        return receiptInstant(value, 'dataFlusso');
      } catch {
        ctx.addIssue({ code: 'custom', message: 'data del flusso non valida' });
        return z.NEVER;
      }
    }),
  trn: id35,
  dataRegolamento: dayOf,
  idPsp: id35,
  bicRiversamento: z.string().trim().max(35).optional(),
  revisione: z.number().int().min(1).max(1_000_000).optional(),
});

export type GovpayRendicontazione = z.output<typeof govpayRendicontazioneSchema>;

export function govpayOutcome(esito: GovpayRendicontazione['esito']): ReportedOutcome {
  return GOVPAY_OUTCOMES[esito];
}
