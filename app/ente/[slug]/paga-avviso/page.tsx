import type { Metadata } from 'next';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { requireEnte } from '@/lib/tenancy/current-ente';
import { NoticeLookup } from './notice-lookup';

export const metadata: Metadata = { title: 'Paga un avviso' };

export default async function PayNotice({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireEnte((await params).slug);
  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', href: '/' }, { label: 'Paga un avviso' }]} />
      <div className="container-page max-w-3xl py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">Paga un avviso</h1>
        <p className="mt-2 text-lg text-muted">
          Hai ricevuto un avviso di pagamento pagoPA da {ente.name}? Scrivi il codice avviso e il codice fiscale (o la partita IVA)
          dell&apos;intestatario: servono entrambi, così nessun altro può vedere i tuoi avvisi.
        </p>
        <NoticeLookup enteName={ente.name} />
      </div>
    </>
  );
}
