import '@/lib/validation/italian';
import { z } from 'zod';
import { uuidSchema } from '@/lib/validation/ids';

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
