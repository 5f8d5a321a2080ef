import { loginChoices } from '@/lib/auth/identity-providers';
import { loginLinks } from '@/lib/auth/login-links';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { CieButton } from './cie-button';
import { OidcButton } from './oidc-button';
import { SpidButton } from './spid-button';

/**
 * Every way in this portal is configured to offer, for every login page. Rendered per request: the SPID
 * list is shuffled anew each time. `returnPath` must already be validated (lib/auth/login-links.ts).
 */
export function LoginOptions({ returnPath, locale = 'it' }: { returnPath: string; locale?: Locale }) {
  const t = translate(locale, 'Login');
  const links = loginLinks(loginChoices(), returnPath);
  if (links.spid.length === 0 && !links.cie && !links.oidc) {
    return <p className="rounded border-l-4 border-warning bg-surface px-4 py-3">{t('notActive')}</p>;
  }
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-start">
      {links.spid.length > 0 && <SpidButton providers={links.spid} locale={locale} />}
      {links.cie && <CieButton link={links.cie} label={t('withName', { name: 'CIE' })} />}
      {links.oidc && <OidcButton link={links.oidc} label={t('withName', { name: links.oidc.name })} />}
    </div>
  );
}
