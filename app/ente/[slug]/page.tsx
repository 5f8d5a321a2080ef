import Link from 'next/link';
import { ArrowRight, Search } from 'lucide-react';
import { getDb } from '@/db';
import { describeAmount } from '@/lib/catalogue/amount-text';
import { listActiveServices } from '@/lib/catalogue/queries';
import { filterServices, groupByCategory } from '@/lib/catalogue/search';
import { findActiveParent } from '@/lib/enti/queries';
import { enteUrl, requireEnte } from '@/lib/tenancy/current-ente';

export default async function EnteHome({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const ente = await requireEnte((await params).slug);
  const rawQuery = (await searchParams).q;
  const query = (Array.isArray(rawQuery) ? rawQuery[0] : rawQuery)?.trim().slice(0, 80) ?? '';
  const db = await getDb();
  const [all, parent] = await Promise.all([listActiveServices(db, ente.id), findActiveParent(db, ente)]);
  const groups = groupByCategory(filterServices(all, query));

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
          <form role="search" action="/" method="get" className="mt-6 flex max-w-2xl flex-col gap-2 sm:flex-row">
            <label htmlFor="cerca" className="sr-only">
              Cerca un servizio
            </label>
            <input
              id="cerca"
              name="q"
              type="search"
              defaultValue={query}
              placeholder="Cerca un servizio, per esempio mensa o TARI"
              className="min-h-12 flex-1 rounded border-2 border-muted bg-white px-4 text-lg placeholder:text-muted"
            />
            <button type="submit" className="btn-primary min-h-12">
              <Search aria-hidden="true" size={20} />
              Cerca
            </button>
          </form>
          <p className="mt-4 text-lg">
            Hai ricevuto un avviso pagoPA?{' '}
            <a href="/paga-avviso" className="font-semibold">
              Paga un avviso con il suo codice
            </a>
          </p>
        </div>
      </section>

      <div className="container-page py-8">
        {parent && (
          <p className="mb-8 rounded border-l-4 border-primary bg-primary-light px-4 py-3">
            {ente.name} fa parte di <strong>{parent.name}</strong>: alcuni servizi si pagano sul{' '}
            <a href={enteUrl(parent.slug)} className="font-semibold underline">
              portale di {parent.name}
            </a>
            .
          </p>
        )}

        {query && (
          <p role="status" className="mb-6 text-lg">
            {groups.length === 0 ? (
              <>Nessun servizio trovato per «{query}». </>
            ) : (
              <>
                Servizi trovati per «{query}»: {groups.reduce((n, g) => n + g.services.length, 0)}.{' '}
              </>
            )}
            <Link href="/" className="font-semibold">
              Mostra tutti i servizi
            </Link>
          </p>
        )}

        {all.length === 0 && <p className="text-lg">Al momento non ci sono servizi pagabili online.</p>}

        {groups.map((group) => (
          <section key={group.category} aria-labelledby={`cat-${group.category}`} className="mb-10">
            <h2 id={`cat-${group.category}`} className="mb-4 border-b border-line pb-2 text-2xl font-bold">
              {group.category}
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {group.services.map((service) => {
                const amount = describeAmount(service.amountRule);
                return (
                  <li key={service.id}>
                    <Link
                      href={`/servizi/${service.code}`}
                      className="group flex h-full flex-col rounded border border-line bg-white p-5 text-ink no-underline shadow-sm transition hover:border-primary hover:shadow-md"
                    >
                      <span className="text-xl font-bold text-primary group-hover:underline">{service.title}</span>
                      <span className="mt-2 flex-1 text-muted">{service.summary}</span>
                      <span className="mt-4 flex items-center justify-between gap-2 font-semibold">
                        <span>{amount.headline}</span>
                        <ArrowRight aria-hidden="true" className="shrink-0 text-primary" size={20} />
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
