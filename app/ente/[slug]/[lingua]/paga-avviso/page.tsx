import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { localizedPath } from '@/lib/i18n/locales';
import { pageLocale, titleMetadata } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { requireEnte } from '@/lib/tenancy/current-ente';
import { NoticeLookup } from './notice-lookup';

type Params = Promise<{ slug: string; lingua: string }>;

export const generateMetadata = titleMetadata('PayNotice');

export default async function PayNotice({ params }: { params: Params }) {
  const { slug, lingua } = await params;
  const ente = await requireEnte(slug);
  const locale = pageLocale(lingua);
  const t = translate(locale, 'PayNotice');
  return (
    <>
      <Breadcrumbs locale={locale} items={[{ label: t('home'), href: localizedPath(locale, '/') }, { label: t('title') }]} />
      <div className="container-page max-w-3xl py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">{t('title')}</h1>
        <p className="mt-2 text-lg text-muted">{t('intro', { ente: ente.name })}</p>
        <NoticeLookup enteName={ente.name} locale={locale} />
      </div>
    </>
  );
}
