import { formatEuro } from '@/lib/format/money';
import type { AmountRule } from './amount-rule';

/** What the catalogue says about a service's price, in words a citizen reads at a glance. */
export function describeAmount(rule: AmountRule): { headline: string; detail: string } {
  switch (rule.kind) {
    case 'fixed':
      return { headline: formatEuro(rule.cents), detail: 'Importo fisso' };
    case 'range':
      return {
        headline: `da ${formatEuro(rule.minCents)} a ${formatEuro(rule.maxCents)}`,
        detail: "Indichi tu l'importo dovuto, entro questi limiti",
      };
    case 'unit':
      return {
        headline: `${formatEuro(rule.unitCents)} per ${rule.unitLabel}`,
        detail: `Da ${rule.minQuantity} a ${rule.maxQuantity} per pagamento; il totale è calcolato automaticamente`,
      };
  }
}
