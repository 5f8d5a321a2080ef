import { Languages } from 'lucide-react';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/**
 * The link to the other language, named in that language. It goes through /lingua/<code>, which remembers the
 * choice and comes back to the same page: the link is the same on every page, so cached pages stay cacheable.
 */
export function LanguageSwitch({ locale }: { locale: Locale }) {
  const other = LOCALES.find((l) => l !== locale)!;
  return (
    <a
      href={`/lingua/${other}`}
      lang={other}
      hrefLang={other}
      className="flex min-h-11 items-center gap-1.5 font-semibold text-white no-underline hover:underline"
    >
      <Languages aria-hidden="true" size={18} />
      {translate(other, 'LanguageSwitch')('name')}
    </a>
  );
}
