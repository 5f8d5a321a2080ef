import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';
import { VisitorCorner } from './visitor-corner';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { currentProvider } from '@/lib/provider/current';
import { provinciaUrl } from '@/lib/tenancy/current-ente';

/**
 * Header and footer of the provincial site, for pages outside any Ente. `withAccount` is off on hosts that
 * name no site, where «Accedi» would lead nowhere.
 */
export async function StandaloneShell({
  children,
  withAccount = true,
  locale = 'it',
  languageSwitch,
}: {
  children: React.ReactNode;
  withAccount?: boolean;
  locale?: Locale;
  /** The page is in every language (the home, the login, «I miei pagamenti»): offer the other one. */
  languageSwitch?: React.ReactNode;
}) {
  const provider = await currentProvider();
  const home = localizedPath(locale, '/');
  return (
    <>
      <SiteHeader
        identity={{
          name: provider.name,
          tagline: translate(locale, 'Provincia')('tagline'),
          logoUrl: provider.coatOfArmsUrl,
          color: provider.primaryColor,
        }}
        slimLabel={provider.serviceCentreName}
        slimHref={provinciaUrl(home)}
        homeHref={home}
        actions={withAccount ? <VisitorCorner withCart={false} locale={locale} /> : undefined}
        languageSwitch={languageSwitch}
      />
      <main id="contenuto" className="flex-1">
        {children}
      </main>
      <SiteFooter provider={provider} provinciaHref={provinciaUrl(home)} locale={locale} />
    </>
  );
}
