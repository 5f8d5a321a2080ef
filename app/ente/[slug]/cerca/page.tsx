import type { Metadata } from 'next';
import Link from 'next/link';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { ServiceGroups } from '@/app/_components/catalogue/service-groups';
import { ServiceSearch } from '@/app/_components/catalogue/service-search';
import { cachedActiveServices } from '@/lib/cache/page-data';
import { filterServices, groupByCategory } from '@/lib/catalogue/search';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { requireEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Cerca un servizio', robots: { index: false } };

/** The catalogue search's results: per request (it shows the query), under the nonce policy. */
export default async function SearchResults({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const ente = await requireEnte((await params).slug);
  const query = (singleParam((await searchParams).q, 80) ?? '').trim();
  const groups = groupByCategory(filterServices(await cachedActiveServices(ente.id), query));
  const found = groups.reduce((n, g) => n + g.services.length, 0);

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', href: '/' }, { label: 'Cerca un servizio' }]} />
      <section className="bg-surface" aria-labelledby="titolo-pagina">
        <div className="container-page py-8">
          <h1 id="titolo-pagina" className="text-3xl font-bold sm:text-4xl">
            Cerca un servizio
          </h1>
          <ServiceSearch query={query} />
        </div>
      </section>
      <div className="container-page py-8">
        {query && (
          <p role="status" className="mb-6 text-lg">
            {found === 0 ? (
              <>Nessun servizio trovato per «{query}». </>
            ) : (
              <>
                Servizi trovati per «{query}»: {found}.{' '}
              </>
            )}
            <Link href="/" className="font-semibold">
              Mostra tutti i servizi
            </Link>
          </p>
        )}
        <ServiceGroups groups={groups} />
      </div>
    </>
  );
}
