import type { Metadata } from 'next';
import { CircleAlert } from 'lucide-react';
import { oidcErrorSchema, oidcErrorText } from '@/lib/auth/oidc/error-pages';
import { DEFAULT_RETURN_PATH } from '@/lib/auth/oidc/start';
import { returnPathOr } from '@/lib/auth/return-target';
import { readConfig } from '@/lib/config';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { DEFAULT_LOCALE, isLocale, localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/** `lingua` on an Ente's site (the citizen's pages are in both languages); the provincial one is Italian. */
type Props = { searchParams: SearchParams; params?: Promise<{ lingua?: string }> };

async function errorOf({ searchParams, params }: Props) {
  const query = await searchParams;
  const lingua = (await params)?.lingua;
  const locale: Locale = isLocale(lingua) ? lingua : DEFAULT_LOCALE;
  const error = oidcErrorSchema.catch('errore-provider').parse(singleParam(query.motivo));
  return {
    locale,
    text: oidcErrorText(error, readConfig().OIDC_PROVIDER_NAME, locale),
    returnPath: returnPathOr(singleParam(query.ritorno, 500), DEFAULT_RETURN_PATH),
  };
}

/** The tab says what the heading says. */
export async function generateMetadata(props: Props): Promise<Metadata> {
  return { title: (await errorOf(props)).text.title, robots: { index: false } };
}

/**
 * Why a login with the regional OIDC provider did not sign the person in, on the host it started from
 * (`/accedi/oidc/errore?motivo=…&ritorno=…`), with the way back to the login page.
 */
export default async function OidcErrorPage(props: Props) {
  const { locale, text, returnPath } = await errorOf(props);
  const t = translate(locale, 'OidcError');
  return (
    <div className="container-page py-16 text-center">
      <CircleAlert aria-hidden="true" size={56} className="mx-auto text-danger" />
      <h1 className="mt-4 text-3xl font-bold sm:text-4xl">{text.title}</h1>
      <p className="mx-auto mt-4 max-w-xl text-lg">{text.what}</p>
      <p className="mx-auto mt-3 max-w-xl text-lg text-muted">{text.next}</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <a href={`${localizedPath(locale, '/accedi')}?ritorno=${encodeURIComponent(returnPath)}`} className="btn-primary">
          {t('backToLogin')}
        </a>
        <a href={localizedPath(locale, '/')} className="btn-outline">
          {t('home')}
        </a>
      </div>
    </div>
  );
}
