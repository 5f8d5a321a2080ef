import { headers } from 'next/headers';
import { CircleCheck, CircleX, Download, Hourglass, LockKeyhole } from 'lucide-react';
import { RetryButton } from '@/app/_components/pay-buttons';
import { getDb } from '@/db';
import { formatEuro } from '@/lib/format/money';
import { formatDateTime } from '@/lib/format/date';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { pageLocale, titleMetadata } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { signLink } from '@/lib/documents/links';
import { REQUEST_ID_HEADER } from '@/lib/http/request-id';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { withRequestId } from '@/lib/logger';
import { currentBrowserKeyHash } from '@/lib/payments/browser-key';
import { closeCartOnReturn } from '@/lib/payments/cart-lifecycle';
import { logPaymentStage } from '@/lib/payments/payment-log';
import { findBrowserCart } from '@/lib/payments/queries';
import { uuidSchema } from '@/lib/validation/ids';
import { requireEnte } from '@/lib/tenancy/current-ente';
import { AutoRefresh } from './auto-refresh';

type Params = Promise<{ slug: string; lingua: string }>;

export const generateMetadata = titleMetadata('Outcome', { robots: { index: false } });

/**
 * Where the partner sends the payer back. The return itself proves nothing: the page says "paid" only
 * once our receipt exists, and waits ("in verifica") until then. It shows a cart only to the browser that
 * started it; any other browser, and any unknown id, gets the same neutral page.
 */
export default async function PaymentOutcome({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug, lingua } = await params;
  const ente = await requireEnte(slug);
  const locale = pageLocale(lingua);
  const t = translate(locale, 'Outcome');
  const query = await searchParams;
  const cartId = uuidSchema.safeParse(singleParam(query.carrello)).data;
  const esito = singleParam(query.esito);
  const db = await getDb();
  const view = cartId ? await findBrowserCart(db, ente.id, cartId, await currentBrowserKeyHash()) : undefined;
  if (!view) {
    return (
      <Outcome icon={<LockKeyhole aria-hidden="true" size={56} className="text-primary" />} title={t('title')} locale={locale}>
        <p className="text-lg">
          {t.rich('otherBrowser', {
            link: (chunks) => (
              <a href={localizedPath(locale, '/paga-avviso')} className="font-semibold">
                {chunks}
              </a>
            ),
          })}
        </p>
      </Outcome>
    );
  }

  const total = view.items.reduce((sum, i) => sum + i.position.amountCents, 0);
  const allPaid = view.items.every((i) => i.receipt);
  const unpaid = view.items.filter((i) => i.position.status === 'valid').map((i) => i.position);
  const shown = allPaid ? 'pagato' : esito === 'annullato' || esito === 'errore' ? esito : 'in_verifica';
  withRequestId((await headers()).get(REQUEST_ID_HEADER), () =>
    logPaymentStage('outcome_page', { noticeNumbers: view.items.map((i) => i.position.noticeNumber), cartId: view.cart.id }, { shown }),
  );

  if (allPaid) {
    return (
      <Outcome icon={<CircleCheck aria-hidden="true" size={56} className="text-success" />} title={t('paidTitle')} locale={locale}>
        <p className="text-lg">{t('paid', { amount: formatEuro(total, locale), ente: ente.name })}</p>
        <ul className="mt-6 space-y-4">
          {view.items.map(({ position, receipt }) => (
            <li key={position.id} className="rounded border border-line p-4">
              <p className="font-semibold">{position.causale}</p>
              <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
                <Item label={t('noticeNumber')} value={formatNoticeNumber(position.noticeNumber)} mono />
                <Item label={t('amount')} value={formatEuro(position.amountCents, locale)} />
                <Item label={t('paidWith')} value={receipt!.pspName} />
                <Item label={t('dateTime')} value={formatDateTime(receipt!.paymentDateTime, locale)} />
                <Item label={t('receiptId')} value={receipt!.receiptId} mono />
              </dl>
              <a
                href={`/ricevute/${receipt!.id}?t=${signLink('receipt', ente.id, receipt!.id)}`}
                className="btn-outline mt-3 min-h-10 py-1"
              >
                <Download aria-hidden="true" size={18} /> {t('downloadReceipt')}
              </a>
            </li>
          ))}
        </ul>
      </Outcome>
    );
  }

  if (esito === 'annullato' || esito === 'errore') {
    // The cart leaves `started` now; a receipt that still arrives pays it anyway.
    await closeCartOnReturn(db, ente.id, view.cart.id, esito);
    return (
      <Outcome
        icon={<CircleX aria-hidden="true" size={56} className="text-danger" />}
        title={esito === 'annullato' ? t('cancelledTitle') : t('failedTitle')}
        locale={locale}
      >
        <p className="text-lg">
          {esito === 'annullato' ? t('cancelled') : t('failed')} {t('tryAgain')}
        </p>
        {unpaid.length > 0 && <RetryButton cartId={view.cart.id} locale={locale} />}
        <NoticeLinks enteId={ente.id} items={unpaid} locale={locale} />
      </Outcome>
    );
  }

  // pagoPA Checkout v2 sends the payer to returnWaitingUrl (esito=attesa) when it does not know the outcome yet.
  if (esito === 'attesa') {
    return (
      <Outcome icon={<Hourglass aria-hidden="true" size={56} className="text-warning" />} title={t('waitingTitle')} locale={locale}>
        <p role="status" className="text-lg">
          {t('waiting', { amount: formatEuro(total, locale) })}
        </p>
        <AutoRefresh locale={locale} everyMs={10_000} maxTries={60} />
      </Outcome>
    );
  }

  return (
    <Outcome icon={<Hourglass aria-hidden="true" size={56} className="text-warning" />} title={t('checkingTitle')} locale={locale}>
      <p role="status" className="text-lg">
        {t('checking', { amount: formatEuro(total, locale) })}
      </p>
      <AutoRefresh locale={locale} />
    </Outcome>
  );
}

/** The avvisi of what is still unpaid: to pay later, elsewhere, with the printed notice. */
function NoticeLinks({ enteId, items, locale }: { enteId: string; items: { noticeNumber: string; causale: string }[]; locale: Locale }) {
  if (items.length === 0) return null;
  const t = translate(locale, 'Outcome');
  return (
    <section aria-labelledby="avvisi" className="mt-8 rounded border border-line p-4">
      <h2 id="avvisi" className="text-lg font-bold">
        {t('elsewhereTitle')}
      </h2>
      <p className="mt-1 text-muted">{t('elsewhere')}</p>
      <ul className="mt-3 space-y-2">
        {items.map((p) => (
          <li key={p.noticeNumber}>
            <a href={`/avvisi/${p.noticeNumber}?t=${signLink('notice', enteId, p.noticeNumber)}`} className="font-semibold">
              <Download aria-hidden="true" size={16} className="mr-1 inline" />
              {t('noticeLink', { notice: formatNoticeNumber(p.noticeNumber), causale: p.causale })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Outcome({ icon, title, locale, children }: { icon: React.ReactNode; title: string; locale: Locale; children: React.ReactNode }) {
  return (
    <div className="container-page max-w-3xl py-12">
      {icon}
      <h1 className="mt-4 text-3xl font-bold sm:text-4xl">{title}</h1>
      <div className="mt-4">{children}</div>
      <a href={localizedPath(locale, '/')} className="mt-8 inline-block font-semibold">
        {translate(locale, 'Outcome')('backToServices')}
      </a>
    </div>
  );
}

function Item({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <dt className="text-muted">{label}</dt>
      <dd className={mono ? 'font-mono break-all' : undefined}>{value}</dd>
    </div>
  );
}
