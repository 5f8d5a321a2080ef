import { ChevronDown } from 'lucide-react';
import type { LoginLink } from '@/lib/auth/login-links';
import { Disclosure } from '../disclosure';
import { LOGIN_BUTTON, LOGIN_BUTTON_RULE } from './login-button-style';
import { SpidMark } from './marks';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

// Fixed by AgID's button (italia/spid-sp-access-button): always shown under the identity providers.
const SPID_INFO_LINKS = [
  { label: 'spidInfo', href: 'https://www.spid.gov.it' },
  { label: 'spidGet', href: 'https://www.spid.gov.it/richiedi-spid' },
  { label: 'spidHelp', href: 'https://www.spid.gov.it/serve-aiuto' },
] as const;

/** «Entra con SPID»: opens the list of identity providers (in the random order it is given) and AgID's links. */
export function SpidButton({ providers, locale = 'it' }: { providers: LoginLink[]; locale?: Locale }) {
  const t = translate(locale, 'Login');
  return (
    <Disclosure
      className="w-full sm:w-72"
      summaryClassName={LOGIN_BUTTON}
      summary={
        <>
          <SpidMark />
          <span aria-hidden="true" className={LOGIN_BUTTON_RULE} />
          <span className="flex-1">{t('withName', { name: 'SPID' })}</span>
          <ChevronDown aria-hidden="true" size={20} className="shrink-0 group-open:rotate-180" />
        </>
      }
    >
      <div className="absolute top-full left-0 z-30 mt-1 w-full rounded border border-line bg-white text-ink shadow-lg sm:w-80">
        <p id="spid-idp-titolo" className="px-4 pt-3 pb-1 text-sm font-semibold text-muted">
          {t('spidChoose')}
        </p>
        <ul aria-labelledby="spid-idp-titolo" className="divide-y divide-line border-b border-line">
          {providers.map((idp) => (
            <li key={idp.href}>
              <a
                href={idp.href}
                className="flex min-h-12 items-center px-4 py-2 font-semibold text-primary no-underline hover:bg-primary-light hover:underline"
              >
                {idp.name}
              </a>
            </li>
          ))}
        </ul>
        <ul aria-label={t('spidAbout')} className="space-y-1 px-4 py-3 text-sm">
          {SPID_INFO_LINKS.map((link) => (
            <li key={link.href}>
              <a href={link.href} className="inline-flex min-h-8 items-center font-semibold underline">
                {t(link.label)}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </Disclosure>
  );
}
