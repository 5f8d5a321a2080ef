import { Download, FileText } from 'lucide-react';
import type { PaymentMade, PaymentsPage } from '@/lib/citizen/queries';
import { signLink } from '@/lib/documents/links';
import { formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { AREA_PATH } from '@/lib/citizen/session';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { noticeHref } from './owed-list';

/**
 * «Pagamenti effettuati», newest first, a page at a time. `originOf` gives the host that serves an
 * Ente's documents: '' on the Ente's own site, its portal's address on the provincial site.
 */
export function PaymentsList({
  page,
  originOf,
  showEnte,
  olderHref,
  newestHref,
  locale,
}: {
  page: PaymentsPage;
  originOf: (payment: PaymentMade) => string;
  showEnte: boolean;
  olderHref?: string;
  newestHref?: string;
  locale: Locale;
}) {
  const t = translate(locale, 'PersonalArea');
  if (page.items.length === 0) {
    return <p className="mt-4 text-lg">{newestHref ? t('noMorePayments') : t('noPayments')}</p>;
  }
  return (
    <>
      <ul className="mt-4 divide-y divide-line rounded border border-line">
        {page.items.map((payment) => {
          const origin = originOf(payment);
          return (
            <li key={payment.receiptId} className="p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <p className="font-semibold break-words">{payment.causale}</p>
                <strong className="text-lg">{formatEuro(payment.amountCents, locale)}</strong>
              </div>
              <p className="mt-1 text-sm text-muted">
                {showEnte
                  ? t('paidOnTo', { date: formatDateTime(payment.paidAt, locale), ente: payment.ente.name })
                  : t('paidOn', { date: formatDateTime(payment.paidAt, locale) })}
              </p>
              <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:flex-wrap">
                <a
                  href={`${origin}/ricevute/${payment.receiptId}?t=${signLink('receipt', payment.ente.id, payment.receiptId)}`}
                  className="btn-outline min-h-11"
                >
                  <Download aria-hidden="true" size={18} /> {t('downloadReceipt')}
                  <span className="sr-only"> {payment.causale} (PDF)</span>
                </a>
                <a href={noticeHref(payment.ente.id, payment.noticeNumber, origin)} className="btn-outline min-h-11 border-line text-ink">
                  <FileText aria-hidden="true" size={18} /> {t('noticeShort')}
                  <span className="sr-only"> {payment.causale} (PDF)</span>
                </a>
              </div>
            </li>
          );
        })}
      </ul>
      {(olderHref || newestHref) && (
        <nav aria-label={t('morePayments')} className="mt-4 flex flex-wrap gap-4">
          {newestHref && (
            <a href={newestHref} className="font-semibold">
              {t('newest')}
            </a>
          )}
          {olderHref && (
            <a href={olderHref} className="font-semibold">
              {t('older')}
            </a>
          )}
        </nav>
      )}
    </>
  );
}

/** The «Pagamenti effettuati» section of «I miei pagamenti», with its older/newest page links. */
export function PaymentsSection({
  payments,
  cursor,
  originOf,
  showEnte,
  locale = 'it',
}: {
  payments: PaymentsPage;
  cursor: string | undefined;
  originOf: (payment: PaymentMade) => string;
  showEnte: boolean;
  locale?: Locale;
}) {
  const area = localizedPath(locale, AREA_PATH);
  return (
    <section aria-labelledby="pagati" className="mt-10">
      <h2 id="pagati" className="text-2xl font-bold">
        {translate(locale, 'PersonalArea')('paymentsMade')}
      </h2>
      <PaymentsList
        page={payments}
        originOf={originOf}
        showEnte={showEnte}
        olderHref={payments.nextCursor && `${area}?dopo=${payments.nextCursor}#pagati`}
        newestHref={cursor && `${area}#pagati`}
        locale={locale}
      />
    </section>
  );
}
