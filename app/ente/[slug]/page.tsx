import { ServiceGroups } from '@/app/_components/catalogue/service-groups';
import { ServiceSearch } from '@/app/_components/catalogue/service-search';
import { cachedActiveServices, cachedEnte } from '@/lib/cache/page-data';
import { groupByCategory } from '@/lib/catalogue/search';
import { enteUrl } from '@/lib/tenancy/current-ente';
import { requireServingEnte } from '@/lib/tenancy/public-site';

/*
 * Cached: rendered at its first request (nothing at build time, which has no database) and kept in the shared
 * page cache until a change to what it shows revalidates its tags (lib/cache/tags.ts). Nothing on it depends on
 * the time, so it has no timed revalidation. 'force-static': the 404 and 403 pages above it (app/not-found.tsx,
 * app/forbidden.tsx) read the request when they are shown, and React renders them into every page's payload
 * even where they never show; in this one render they see no request. This page itself reads none.
 */
export const dynamic = 'force-static';

export function generateStaticParams(): { slug: string }[] {
  return [];
}

export default async function EnteHome({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireServingEnte((await params).slug);
  const [services, parent] = await Promise.all([
    cachedActiveServices(ente.id),
    ente.parentId ? cachedEnte(ente.parentId) : Promise.resolve(undefined),
  ]);

  return (
    <>
      <section className="bg-surface" aria-labelledby="titolo-pagina">
        <div className="container-page py-8 sm:py-12">
          <h1 id="titolo-pagina" className="text-3xl font-bold sm:text-4xl">
            Cosa devi pagare?
          </h1>
          <p className="mt-2 max-w-2xl text-lg text-muted">
            Scegli il servizio, compila i dati e paga con pagoPA: carta, conto corrente o app, in pochi minuti.
          </p>
          <ServiceSearch />
          <p className="mt-4 text-lg">
            Hai ricevuto un avviso pagoPA?{' '}
            <a href="/paga-avviso" className="font-semibold">
              Paga un avviso con il suo codice
            </a>
          </p>
        </div>
      </section>

      <div className="container-page py-8">
        {parent?.adhesionStatus === 'attivo' && (
          <p className="mb-8 rounded border-l-4 border-primary bg-primary-light px-4 py-3">
            {ente.name} fa parte di <strong>{parent.name}</strong>: alcuni servizi si pagano sul{' '}
            <a href={enteUrl(parent.slug)} className="font-semibold underline">
              portale di {parent.name}
            </a>
            .
          </p>
        )}
        {services.length === 0 && <p className="text-lg">Al momento non ci sono servizi pagabili online.</p>}
        <ServiceGroups groups={groupByCategory(services)} />
      </div>
    </>
  );
}
