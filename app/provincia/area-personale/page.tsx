import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { currentProvider } from '@/lib/provider/current';
import { ArrowRight } from 'lucide-react';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { OwedList } from '@/app/_components/citizen/owed-list';
import { PaymentsSection } from '@/app/_components/citizen/payments-list';
import { getDb } from '@/db';
import { findOwedAcrossEnti, findPaymentsMade } from '@/lib/citizen/queries';
import { paymentsCursorSchema } from '@/lib/citizen/schemas';
import { AREA_PATH, requireCitizen } from '@/lib/citizen/session';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { localizedPath } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request-locale';
import { translate } from '@/lib/i18n/translate';
import { enteUrl } from '@/lib/tenancy/urls';

export async function generateMetadata(): Promise<Metadata> {
  const locale = requestLocale(await headers());
  const title = `${translate(locale, 'PersonalArea')('title')} - ${(await currentProvider()).name}`;
  // Absolute: the root layout's title template is Italian.
  return { title: { absolute: `${title} | ${translate(locale, 'Site')('portal')}` }, robots: { index: false } };
}

const origin = (slug: string) => enteUrl(slug, '').replace(/\/$/, '');

/**
 * Everything the signed-in citizen owes to and has paid to the Enti of the province, by Ente. Paying
 * happens on each Ente's own portal: carts and checkouts are per Ente.
 */
export default async function AreaPersonaleProvinciale({ searchParams }: { searchParams: SearchParams }) {
  const locale = requestLocale(await headers());
  const t = translate(locale, 'PersonalArea');
  const session = await requireCitizen(locale);
  const cursor = paymentsCursorSchema.parse(singleParam((await searchParams).dopo));
  const db = await getDb();
  const [groups, payments] = await Promise.all([
    findOwedAcrossEnti(db, session.fiscalCode),
    findPaymentsMade(db, { fiscalCode: session.fiscalCode }, cursor),
  ]);

  return (
    <>
      <Breadcrumbs locale={locale} items={[{ label: t('home'), href: localizedPath(locale, '/') }, { label: t('title') }]} />
      <div className="container-page max-w-4xl py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">{t('title')}</h1>
        <p className="mt-2 text-lg">{t('provinciaHello', { name: session.name })}</p>

        <section aria-labelledby="da-pagare" className="mt-8">
          <h2 id="da-pagare" className="text-2xl font-bold">
            {t('toPay')}
          </h2>
          {groups.length === 0 ? (
            <p className="mt-4 text-lg">{t('provinciaNothingOwed')}</p>
          ) : (
            <>
              <p className="mt-2 text-muted">{t('perEnte')}</p>
              {groups.map(({ ente, positions }) => {
                const total = positions.reduce((sum, p) => sum + p.amountCents, 0);
                return (
                  <section key={ente.id} aria-labelledby={`ente-${ente.slug}`} className="mt-6 rounded border-2 border-line p-4 sm:p-6">
                    <h3 id={`ente-${ente.slug}`} className="text-xl font-bold">
                      {ente.name}
                    </h3>
                    <p className="mt-1">{t('enteTotal', { count: positions.length, total: formatEuro(total, locale) })}</p>
                    <a href={enteUrl(ente.slug, localizedPath(locale, AREA_PATH))} className="btn-primary mt-3 w-full sm:w-auto">
                      {t('payOn', { ente: ente.name })} <ArrowRight aria-hidden="true" size={18} />
                    </a>
                    <OwedList enteId={ente.id} items={positions} origin={origin(ente.slug)} locale={locale} />
                  </section>
                );
              })}
            </>
          )}
        </section>

        <PaymentsSection payments={payments} cursor={cursor} originOf={(payment) => origin(payment.ente.slug)} showEnte locale={locale} />
      </div>
    </>
  );
}
