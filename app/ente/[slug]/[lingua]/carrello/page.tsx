import { getDb } from '@/db';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { PayCartButton, RemoveFromCartButton } from '@/app/_components/pay-buttons';
import { formatEuro } from '@/lib/format/money';
import { localizedPath } from '@/lib/i18n/locales';
import { pageLocale, titleMetadata } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { currentBrowserKeyHash } from '@/lib/payments/browser-key';
import { cartPositions, findOpenCart, MAX_CART_NOTICES } from '@/lib/payments/cart';
import { requireEnte } from '@/lib/tenancy/current-ente';

type Params = Promise<{ slug: string; lingua: string }>;

export const generateMetadata = titleMetadata('Cart');

export default async function CartPage({ params }: { params: Params }) {
  const { slug, lingua } = await params;
  const ente = await requireEnte(slug);
  const locale = pageLocale(lingua);
  const t = translate(locale, 'Cart');
  const db = await getDb();
  // The cart is this browser's own (its key cookie), so it may show the causali the citizen claimed.
  const cart = await findOpenCart(db, ente.id, await currentBrowserKeyHash());
  const items = cart ? (await cartPositions(db, ente.id, cart.id)).filter((p) => p.status === 'valid') : [];
  const total = items.reduce((sum, p) => sum + p.amountCents, 0);

  return (
    <>
      <Breadcrumbs locale={locale} items={[{ label: t('home'), href: localizedPath(locale, '/') }, { label: t('title') }]} />
      <div className="container-page max-w-3xl py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">{t('title')}</h1>
        <p className="mt-2 text-lg text-muted">{t('intro', { max: MAX_CART_NOTICES, ente: ente.name })}</p>
        {items.length === 0 ? (
          <p className="mt-8 text-lg">
            {t('empty')}{' '}
            <a href={localizedPath(locale, '/paga-avviso')} className="font-semibold">
              {t('findNotice')}
            </a>
            .
          </p>
        ) : (
          <>
            <ul className="mt-6 divide-y divide-line rounded border border-line">
              {items.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
                  <div className="min-w-0 flex-1">
                    <p className="font-semibold">{p.causale}</p>
                    <p className="font-mono text-sm text-muted">{formatNoticeNumber(p.noticeNumber)}</p>
                  </div>
                  <strong className="text-lg">{formatEuro(p.amountCents, locale)}</strong>
                  <RemoveFromCartButton positionId={p.id} label={p.causale} locale={locale} />
                </li>
              ))}
            </ul>
            <p className="mt-4 flex items-baseline justify-between rounded bg-surface px-4 py-3 text-lg">
              <span>{t('total', { count: items.length })}</span>
              <strong className="text-2xl">{formatEuro(total, locale)}</strong>
            </p>
            <div className="mt-6">
              <PayCartButton label={t('pay', { amount: formatEuro(total, locale) })} locale={locale} />
            </div>
          </>
        )}
      </div>
    </>
  );
}
