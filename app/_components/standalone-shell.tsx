import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';
import { provinciaUrl } from '@/lib/tenancy/current-ente';

/** Header and footer of the provincial site, for pages outside any Ente. */
export function StandaloneShell({ children }: { children: React.ReactNode }) {
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
      />
      <main id="contenuto" className="flex-1">
        {children}
      </main>
      <SiteFooter provinciaHref={provinciaUrl()} />
    </>
  );
}
