import type { Metadata } from 'next';
import { SiteFooter } from '@/app/_components/site-footer';
import { SiteHeader } from '@/app/_components/site-header';
import { findRequestEnte, provinciaUrl, requireEnte } from '@/lib/tenancy/current-ente';

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const ente = await findRequestEnte((await params).slug);
  if (!ente) return { title: 'Ente non trovato' };
  return { title: { default: `Pagamenti - ${ente.name}`, template: `%s | ${ente.name}` } };
}

export default async function EnteLayout({ children, params }: { children: React.ReactNode; params: Params }) {
  const ente = await requireEnte((await params).slug);
  return (
    <>
      <SiteHeader
        identity={{ name: ente.name, tagline: 'Pagamenti online con pagoPA', logoUrl: ente.logoUrl, color: ente.primaryColor }}
        slimLabel="Provincia di Brescia - Portale pagamenti"
        slimHref={provinciaUrl()}
      />
      <main id="contenuto" className="flex-1">
        {children}
      </main>
      <SiteFooter ente={ente} provinciaHref={provinciaUrl()} />
    </>
  );
}
