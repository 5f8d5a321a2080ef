import { SiteFooter } from './site-footer';
import { SiteAccount } from './site-account';
import { SiteHeader } from './site-header';
import { provinciaUrl } from '@/lib/tenancy/current-ente';

/**
 * Header and footer of the provincial site, for pages outside any Ente. `withAccount` is off on hosts that
 * name no site, where «Accedi» would lead nowhere.
 */
export function StandaloneShell({ children, withAccount = true }: { children: React.ReactNode; withAccount?: boolean }) {
  return (
    <>
      <SiteHeader
        identity={{
          name: 'Provincia di Brescia',
          tagline: 'Portale dei pagamenti pagoPA degli Enti del territorio',
          logoUrl: '/marchio.svg',
          color: '#0066cc',
        }}
        slimLabel="Centro Innovazione e Tecnologie"
        slimHref={provinciaUrl()}
        actions={withAccount ? <SiteAccount /> : undefined}
      />
      <main id="contenuto" className="flex-1">
        {children}
      </main>
      <SiteFooter provinciaHref={provinciaUrl()} />
    </>
  );
}
