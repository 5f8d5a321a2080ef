import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';
import { VisitorCorner } from './visitor-corner';
import { currentProvider } from '@/lib/provider/current';
import { provinciaUrl } from '@/lib/tenancy/current-ente';

/**
 * Header and footer of the provincial site, for pages outside any Ente. `withAccount` is off on hosts that
 * name no site, where «Accedi» would lead nowhere.
 */
export async function StandaloneShell({ children, withAccount = true }: { children: React.ReactNode; withAccount?: boolean }) {
  const provider = await currentProvider();
  return (
    <>
      <SiteHeader
        identity={{
          name: provider.name,
          tagline: 'Portale dei pagamenti pagoPA degli Enti del territorio',
          logoUrl: provider.coatOfArmsUrl,
          color: provider.primaryColor,
        }}
        slimLabel={provider.serviceCentreName}
        slimHref={provinciaUrl()}
        actions={withAccount ? <VisitorCorner withCart={false} /> : undefined}
      />
      <main id="contenuto" className="flex-1">
        {children}
      </main>
      <SiteFooter provider={provider} provinciaHref={provinciaUrl()} />
    </>
  );
}
