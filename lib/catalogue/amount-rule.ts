import { z } from 'zod';

/**
 * How a service's amount is decided. The server always computes the amount from this rule: a
 * client-sent figure is only an input for the `range` kind and is checked against its bounds.
 */
export const amountRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), cents: z.number().int().positive() }),
  z
    .object({
      kind: z.literal('range'),
      minCents: z.number().int().positive(),
      maxCents: z.number().int().positive(),
    })
    .refine((r) => r.minCents <= r.maxCents, { message: "L'importo minimo supera il massimo" }),
  z
    .object({
      kind: z.literal('unit'),
      unitCents: z.number().int().positive(),
      unitLabel: z.string().min(1).max(40),
      minQuantity: z.number().int().positive(),
      maxQuantity: z.number().int().positive(),
    })
    .refine((r) => r.minQuantity <= r.maxQuantity, { message: 'La quantità minima supera la massima' }),
]);

export type AmountRule = z.infer<typeof amountRuleSchema>;
