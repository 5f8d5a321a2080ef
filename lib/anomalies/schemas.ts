import '@/lib/validation/italian';
import { z } from 'zod';
import type { Refund } from '@/db/schema';
import { italianDay } from '@/lib/format/date';
import { parseEuroInput } from '@/lib/format/money';
import { uuidSchema } from '@/lib/validation/ids';
import { isoDateSchema } from '@/lib/validation/query-params';

/** Resolving an anomaly: the note says what was done (refund, manual match, …) and is mandatory. */
export const resolveAnomalySchema = z.object({
  id: uuidSchema,
  nota: z
    .string({ message: 'Scrivi una nota' })
    .trim()
    .min(5, 'Scrivi nella nota che cosa è stato fatto (almeno 5 caratteri)')
    .max(2000, 'La nota può avere al massimo 2000 caratteri'),
});

export type ResolveAnomalyInput = z.input<typeof resolveAnomalySchema>;

/** The list's filter: open anomalies first, as staff must act on them. */
export const anomalyStateSchema = z.enum(['aperte', 'risolte']).catch('aperte');
export type AnomalyState = z.output<typeof anomalyStateSchema>;

/** The ways money goes back, in the order the form offers them. */
export const REFUND_METHODS = ['bonifico', 'storno_psp', 'compensazione', 'altro'] as const satisfies readonly Refund['method'][];

export const REFUND_METHOD_LABELS: Record<Refund['method'], string> = {
  bonifico: 'Bonifico al pagatore',
  storno_psp: 'Storno tramite il PSP',
  compensazione: 'Compensazione con altri importi dovuti',
  altro: 'Altro (spiegalo nella nota)',
};

/** Control characters but line breaks and tabs: a note may have lines, never a NUL. */
const CONTROL_BUT_LINES = /(?![\n\r\t])\p{Cc}/u;

/**
 * A refund that settles an anomaly. The amount stays text (as typed, «12,50») so that form and action
 * parse the same input; the use case turns it into cents with parseEuroInput.
 */
export const recordRefundSchema = z.object({
  id: uuidSchema,
  modalita: z.enum(REFUND_METHODS, { message: 'Scegli come è stato restituito il denaro' }),
  riferimento: z
    .string({ message: 'Scrivi il riferimento del rimborso' })
    .trim()
    .min(1, 'Scrivi il riferimento del rimborso (CRO/TRN del bonifico o riferimento dello storno)')
    .max(35, 'Il riferimento può avere al massimo 35 caratteri')
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'Il riferimento può contenere solo lettere, cifre, spazi e i segni . / -'),
  importo: z
    .string({ message: 'Scrivi l’importo restituito' })
    .trim()
    .max(20, 'Importo non valido')
    .refine((value) => (parseEuroInput(value) ?? 0) > 0, 'Scrivi l’importo restituito in euro, per esempio 12,50'),
  data: isoDateSchema.refine((value) => value <= italianDay(new Date()), 'La data del rimborso non può essere nel futuro'),
  nota: z
    .string({ message: 'Nota non valida' })
    .trim()
    .max(2000, 'La nota può avere al massimo 2000 caratteri')
    .refine((value) => !CONTROL_BUT_LINES.test(value), 'La nota contiene caratteri non ammessi'),
});

export type RecordRefundInput = z.input<typeof recordRefundSchema>;
