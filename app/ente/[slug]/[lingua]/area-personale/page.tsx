import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { OwedList } from '@/app/_components/citizen/owed-list';
import { OwnPositionActions, PayAllOwnButton } from '@/app/_components/citizen/own-pay-buttons';
import { PaymentsSection } from '@/app/_components/citizen/payments-list';
import { getDb } from '@/db';
import { findOwedPositions, findPaymentsMade } from '@/lib/citizen/queries';
import { paymentsCursorSchema } from '@/lib/citizen/schemas';
import { requireCitizen } from '@/lib/citizen/session';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { localizedPath } from '@/lib/i18n/locales';
import { pageLocale, titleMetadata } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { MAX_CART_NOTICES } from '@/lib/payments/cart';
import { requireEnte } from '@/lib/tenancy/current-ente';

type Params = Promise<{ slug: string; lingua: string }>;

export const generateMetadata = titleMetadata('PersonalArea', { robots: { index: false } });

/** The signed-in citizen's notices and payments with this Ente: only this Ente's, only their own. */
export default async function AreaPersonale({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug, lingua } = await params;
  const ente = await requireEnte(slug);
  const locale = pageLocale(lingua);
  const t = translate(locale, 'PersonalArea');
  const session = await requireCitizen(locale);
  const cursor = paymentsCursorSchema.parse(singleParam((await searchParams).dopo));
  const db = await getDb();
  const [owed, payments] = await Promise.all([
    findOwedPositions(db, ente.id, session.fiscalCode),
    findPaymentsMade(db, { fiscalCode: session.fiscalCode, enteId: ente.id }, cursor),
  ]);
  const total = owed.reduce((sum, p) => sum + p.amountCents, 0);

  return (
    <>
      <Breadcrumbs locale={locale} items={[{ label: t('home'), href: localizedPath(locale, '/') }, { label: t('title') }]} />
      <div className="container-page max-w-4xl py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">{t('title')}</h1>
        <p className="mt-2 text-lg">{t('hello', { name: session.name, ente: ente.name })}</p>

        <section aria-labelledby="da-pagare" className="mt-8">
          <h2 id="da-pagare" className="text-2xl font-bold">
            {t('toPay')}
          </h2>
          {owed.length === 0 ? (
            <p className="mt-4 text-lg">{t('nothingOwed', { ente: ente.name })}</p>
          ) : (
            <>
              {owed.length > 1 && owed.length <= MAX_CART_NOTICES && (
                <div className="mt-4 rounded bg-surface p-4">
                  <p className="mb-3">{t('payTogether', { count: owed.length, total: formatEuro(total, locale) })}</p>
                  <PayAllOwnButton positionIds={owed.map((p) => p.id)} label={t('payAll', { total: formatEuro(total, locale) })} />
                </div>
              )}
              <OwedList
                enteId={ente.id}
                items={owed}
                locale={locale}
                actions={(p, headingId, noticeLink) => (
                  <OwnPositionActions positionId={p.id} describedBy={headingId} locale={locale}>
                    {noticeLink}
                  </OwnPositionActions>
                )}
              />
            </>
          )}
        </section>

        <PaymentsSection payments={payments} cursor={cursor} originOf={() => ''} showEnte={false} locale={locale} />
      </div>
    </>
  );
}
