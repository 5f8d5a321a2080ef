import { formatEuro } from '@/lib/format/money';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import type { AmountRule } from './amount-rule';

/** What the catalogue says about a service's price, in words a citizen reads at a glance. */
export function describeAmount(rule: AmountRule, locale: Locale = 'it'): { headline: string; detail: string } {
  const t = translate(locale, 'Amount');
  switch (rule.kind) {
    case 'fixed':
      return { headline: formatEuro(rule.cents, locale), detail: t('fixed') };
    case 'range':
      return {
        headline: t('rangeHeadline', { min: formatEuro(rule.minCents, locale), max: formatEuro(rule.maxCents, locale) }),
        detail: t('rangeDetail'),
      };
    case 'unit':
      return {
        headline: t('unitHeadline', { price: formatEuro(rule.unitCents, locale), unit: rule.unitLabel }),
        detail: t('unitDetail', { min: rule.minQuantity, max: rule.maxQuantity }),
      };
  }
}
