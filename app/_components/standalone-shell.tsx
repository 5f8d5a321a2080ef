import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';
import { currentProvider } from '@/lib/provider/current';
import { provinciaUrl } from '@/lib/tenancy/current-ente';

/** Header and footer of the provincial site, for pages outside any Ente. */
export async function StandaloneShell({ children }: { children: React.ReactNode }) {
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
      />
      <main id="contenuto" className="flex-1">
        {children}
      </main>
      <SiteFooter provider={provider} provinciaHref={provinciaUrl()} />
    </>
  );
}
