import type { PortalSession } from '@/lib/auth/session';
import { readConfig } from '@/lib/config';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/** How the person signed in, in words: «con SPID», «con CIE», «con BresciaGOV», «con e-mail e password» (or in English). */
export function signedInWith(session: Pick<PortalSession, 'method'>, locale: Locale = 'it'): string {
  const t = translate(locale, 'SignInMethod');
  switch (session.method) {
    case 'spid':
      return t('with', { name: 'SPID' });
    case 'cie':
      return t('with', { name: 'CIE' });
    case 'oidc':
      return t('with', { name: readConfig().OIDC_PROVIDER_NAME });
    case 'password':
      return t('password');
  }
}
