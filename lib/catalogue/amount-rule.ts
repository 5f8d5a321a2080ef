import { z } from 'zod';
import { formatEuro } from '@/lib/format/money';

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

/**
 * Why a total decided elsewhere (the Ente's own system, an imported row) does not fit the service's rule,
 * in words for whoever sent it; null when it fits. For `unit` the total must be a whole number of units.
 */
export function amountRuleProblem(rule: AmountRule, cents: number): string | null {
  switch (rule.kind) {
    case 'fixed':
      return cents === rule.cents ? null : `L'importo di questo servizio è fisso: ${formatEuro(rule.cents)}`;
    case 'range':
      return cents >= rule.minCents && cents <= rule.maxCents
        ? null
        : `L'importo deve essere tra ${formatEuro(rule.minCents)} e ${formatEuro(rule.maxCents)}`;
    case 'unit': {
      const quantity = cents / rule.unitCents;
      return Number.isInteger(quantity) && quantity >= rule.minQuantity && quantity <= rule.maxQuantity
        ? null
        : `L'importo deve essere un multiplo di ${formatEuro(rule.unitCents)} (${rule.unitLabel}), da ${rule.minQuantity} a ${rule.maxQuantity}`;
    }
  }
}
