import { Download } from 'lucide-react';
import type { OwedPosition } from '@/lib/citizen/queries';
import { signLink } from '@/lib/documents/links';
import { formatDate } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/** The avviso PDF of a position: a signed link, absolute when the page is on another host. */
export function noticeHref(enteId: string, noticeNumber: string, origin = ''): string {
  return `${origin}/avvisi/${noticeNumber}?t=${signLink('notice', enteId, noticeNumber)}`;
}

function dueText(dueDate: string | null, today: string, locale: Locale): string {
  const t = translate(locale, 'PersonalArea');
  if (!dueDate) return t('noDueDate');
  return dueDate < today ? t('overdue', { date: formatDate(dueDate, locale) }) : formatDate(dueDate, locale);
}

/**
 * One Ente's notices still to pay. `actions` renders what can be done with each one: on the Ente's own
 * site, pay and add to the cart; on the provincial site, nothing but the avviso (carts are per Ente).
 */
export function OwedList({
  enteId,
  items,
  origin,
  actions,
  locale = 'it',
}: {
  enteId: string;
  items: OwedPosition[];
  origin?: string;
  actions?: (position: OwedPosition, headingId: string, noticeLink: React.ReactNode) => React.ReactNode;
  locale?: Locale;
}) {
  const today = new Date().toISOString().slice(0, 10);
  const t = translate(locale, 'PersonalArea');
  return (
    <ul className="mt-4 space-y-4">
      {items.map((p) => {
        const headingId = `avviso-${p.id}`;
        const noticeLink = (
          <a href={noticeHref(enteId, p.noticeNumber, origin)} className="btn-outline border-line text-ink">
            <Download aria-hidden="true" size={18} /> {t('downloadNotice')}
            <span className="sr-only"> {p.causale} (PDF)</span>
          </a>
        );
        return (
          <li key={p.id} className="rounded border border-line p-4">
            <p className="text-sm text-muted">{p.serviceTitle ?? t('notice')}</p>
            <h3 id={headingId} className="mt-1 text-lg font-semibold break-words">
              {p.causale}
            </h3>
            <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-3">
              <div>
                <dt className="text-sm text-muted">{t('amount')}</dt>
                <dd className="text-xl font-bold">{formatEuro(p.amountCents, locale)}</dd>
              </div>
              <div>
                <dt className="text-sm text-muted">{t('dueDate')}</dt>
                <dd>{dueText(p.dueDate, today, locale)}</dd>
              </div>
              <div>
                <dt className="text-sm text-muted">{t('noticeNumber')}</dt>
                <dd className="font-mono text-sm break-all">{formatNoticeNumber(p.noticeNumber)}</dd>
              </div>
            </dl>
            {actions ? actions(p, headingId, noticeLink) : <div className="mt-4 flex flex-col sm:flex-row">{noticeLink}</div>}
          </li>
        );
      })}
    </ul>
  );
}
