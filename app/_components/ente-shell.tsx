import type { Ente } from '@/db/schema';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { currentProvider } from '@/lib/provider/current';
import { enteLogoSrc } from '@/lib/settings/logo-url';
import { provinciaUrl } from '@/lib/tenancy/urls';
import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';

/** Header, main landmark and footer of an Ente's site. Italian unless a citizen page says otherwise. */
export async function EnteShell({
  ente,
  locale = 'it',
  actions,
  languageSwitch,
  children,
}: {
  ente: Ente;
  locale?: Locale;
  actions?: React.ReactNode;
  languageSwitch?: React.ReactNode;
  children: React.ReactNode;
}) {
  const provider = await currentProvider();
  const t = translate(locale, 'Site');
  return (
    <>
      <SiteHeader
        identity={{ name: ente.name, tagline: t('tagline'), logoUrl: enteLogoSrc(ente), color: ente.primaryColor }}
        slimLabel={provider.configured ? t('slimLabel', { provider: provider.shortName }) : provider.name}
        slimHref={provinciaUrl(localizedPath(locale, '/'))}
        homeHref={localizedPath(locale, '/')}
        actions={actions}
        languageSwitch={languageSwitch}
      />
      <main id="contenuto" className="flex-1">
        {children}
      </main>
      <SiteFooter ente={ente} provider={provider} provinciaHref={provinciaUrl(localizedPath(locale, '/'))} locale={locale} />
    </>
  );
}
