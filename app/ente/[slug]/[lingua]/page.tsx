import { ServiceGroups } from '@/app/_components/catalogue/service-groups';
import { ServiceSearch } from '@/app/_components/catalogue/service-search';
import { cachedActiveServices, cachedEnte } from '@/lib/cache/page-data';
import { groupByCategory } from '@/lib/catalogue/search';
import { localizedPath } from '@/lib/i18n/locales';
import { pageLocale } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
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

export function generateStaticParams(): { slug: string; lingua: string }[] {
  return [];
}

export default async function EnteHome({ params }: { params: Promise<{ slug: string; lingua: string }> }) {
  const { slug, lingua } = await params;
  const ente = await requireServingEnte(slug);
  const locale = pageLocale(lingua);
  const t = translate(locale, 'Home');
  const [services, parent] = await Promise.all([
    cachedActiveServices(ente.id),
    ente.parentId ? cachedEnte(ente.parentId) : Promise.resolve(undefined),
  ]);

  return (
    <>
      <section className="bg-surface" aria-labelledby="titolo-pagina">
        <div className="container-page py-8 sm:py-12">
          <h1 id="titolo-pagina" className="text-3xl font-bold sm:text-4xl">
            {t('title')}
          </h1>
          <p className="mt-2 max-w-2xl text-lg text-muted">{t('intro')}</p>
          <ServiceSearch locale={locale} />
          <p className="mt-4 text-lg">
            {t('gotNotice')}{' '}
            <a href={localizedPath(locale, '/paga-avviso')} className="font-semibold">
              {t('payNoticeLink')}
            </a>
          </p>
        </div>
      </section>

      <div className="container-page py-8">
        {parent?.adhesionStatus === 'attivo' && (
          <p className="mb-8 rounded border-l-4 border-primary bg-primary-light px-4 py-3">
            {t.rich('parent', {
              ente: ente.name,
              parent: parent.name,
              strong: (chunks) => <strong>{chunks}</strong>,
              link: (chunks) => (
                <a href={enteUrl(parent.slug, localizedPath(locale, '/'))} className="font-semibold underline">
                  {chunks}
                </a>
              ),
            })}
          </p>
        )}
        {services.length === 0 && <p className="text-lg">{t('noServices')}</p>}
        <ServiceGroups groups={groupByCategory(services)} locale={locale} />
      </div>
    </>
  );
}
