import { CitizenLogin } from '@/app/_components/login/citizen-login';
import { loginReturnPath } from '@/lib/auth/login-links';
import { localizedPath } from '@/lib/i18n/locales';
import { pageLocale, titleMetadata } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { requireEnte } from '@/lib/tenancy/current-ente';

type Params = Promise<{ slug: string; lingua: string }>;

export const generateMetadata = titleMetadata('Login');

export default async function EnteCitizenLogin({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<{ ritorno?: string | string[] }>;
}) {
  const { slug, lingua } = await params;
  const ente = await requireEnte(slug);
  const locale = pageLocale(lingua);
  const t = translate(locale, 'Login');
  return (
    <CitizenLogin
      title={t('enteTitle', { ente: ente.name })}
      scope={t('enteScope', { ente: ente.name })}
      consentName={ente.name}
      returnPath={loginReturnPath((await searchParams).ritorno, localizedPath(locale, '/area-personale'))}
      locale={locale}
    />
  );
}
