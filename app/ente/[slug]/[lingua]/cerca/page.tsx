import Link from 'next/link';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { ServiceGroups } from '@/app/_components/catalogue/service-groups';
import { ServiceSearch } from '@/app/_components/catalogue/service-search';
import { cachedActiveServices } from '@/lib/cache/page-data';
import { filterServices, groupByCategory } from '@/lib/catalogue/search';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { localizedPath } from '@/lib/i18n/locales';
import { pageLocale, titleMetadata } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { requireEnte } from '@/lib/tenancy/current-ente';

type Params = Promise<{ slug: string; lingua: string }>;

export const generateMetadata = titleMetadata('Search', { robots: { index: false } });

/** The catalogue search's results: per request (it shows the query), under the nonce policy. */
export default async function SearchResults({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug, lingua } = await params;
  const ente = await requireEnte(slug);
  const locale = pageLocale(lingua);
  const t = translate(locale, 'Search');
  const home = localizedPath(locale, '/');
  const query = (singleParam((await searchParams).q, 80) ?? '').trim();
  const groups = groupByCategory(filterServices(await cachedActiveServices(ente.id), query));
  const found = groups.reduce((n, g) => n + g.services.length, 0);

  return (
    <>
      <Breadcrumbs locale={locale} items={[{ label: t('home'), href: home }, { label: t('title') }]} />
      <section className="bg-surface" aria-labelledby="titolo-pagina">
        <div className="container-page py-8">
          <h1 id="titolo-pagina" className="text-3xl font-bold sm:text-4xl">
            {t('title')}
          </h1>
          <ServiceSearch query={query} locale={locale} />
        </div>
      </section>
      <div className="container-page py-8">
        {query && (
          <p role="status" className="mb-6 text-lg">
            {t('results', { query, found })}{' '}
            <Link href={home} className="font-semibold">
              {t('showAll')}
            </Link>
          </p>
        )}
        <ServiceGroups groups={groups} locale={locale} />
      </div>
    </>
  );
}
