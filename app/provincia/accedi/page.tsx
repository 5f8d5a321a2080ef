import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { CitizenLogin } from '@/app/_components/login/citizen-login';
import { loginReturnPath } from '@/lib/auth/login-links';
import { readConfig } from '@/lib/config';
import { localizedPath } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request-locale';
import { translate } from '@/lib/i18n/translate';
import { currentProvider } from '@/lib/provider/current';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export async function generateMetadata(): Promise<Metadata> {
  const locale = requestLocale(await headers());
  // Absolute: the root layout's title template is Italian.
  return { title: { absolute: `${translate(locale, 'Login')('title')} | ${translate(locale, 'Site')('portal')}` } };
}

export default async function ProvinciaCitizenLogin({ searchParams }: { searchParams: Promise<{ ritorno?: string | string[] }> }) {
  await requireProvinciaHost();
  const locale = requestLocale(await headers());
  const t = translate(locale, 'Login');
  return (
    <CitizenLogin
      title={t('provinciaTitle')}
      scope={t('provinciaScope')}
      // The provincial site signs in with the service provider's own name (index 0), not an Ente's.
      consentName={readConfig().SPID_SP_ORG_NAME ?? (await currentProvider()).name}
      returnPath={loginReturnPath((await searchParams).ritorno, localizedPath(locale, '/area-personale'))}
      locale={locale}
    />
  );
}
