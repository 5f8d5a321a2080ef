import '@/lib/validation/italian';
import { z } from 'zod';
import { uuidSchema } from '@/lib/validation/ids';

/** Cancelling a position: which one and why (mandatory, kept with the position and in the audit log). */
export const cancelPositionSchema = z.object({
  positionId: uuidSchema,
  reason: z
    .string({ message: "Scrivi il motivo dell'annullamento" })
    .trim()
    .min(5, "Scrivi il motivo dell'annullamento (almeno 5 caratteri)")
    .max(300, 'Il motivo può avere al massimo 300 caratteri'),
});

export type CancelPositionInput = z.input<typeof cancelPositionSchema>;
