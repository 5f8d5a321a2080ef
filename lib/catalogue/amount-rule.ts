import { z } from 'zod';
import { formatAmount } from '@/lib/format/money';

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

/** Why an amount set by the Ente's own systems (import, API) breaks the service's rule, or null when it fits. */
export function amountRuleProblem(rule: AmountRule, cents: number): string | null {
  switch (rule.kind) {
    case 'fixed':
      return cents === rule.cents ? null : `L'importo del servizio è fisso: ${formatAmount(rule.cents)} euro`;
    case 'range':
      return cents >= rule.minCents && cents <= rule.maxCents
        ? null
        : `L'importo deve essere tra ${formatAmount(rule.minCents)} e ${formatAmount(rule.maxCents)} euro`;
    case 'unit': {
      const quantity = cents / rule.unitCents;
      return Number.isInteger(quantity) && quantity >= rule.minQuantity && quantity <= rule.maxQuantity
        ? null
        : `L'importo deve essere un multiplo di ${formatAmount(rule.unitCents)} euro (da ${rule.minQuantity} a ${rule.maxQuantity} ${rule.unitLabel})`;
    }
  }
}
