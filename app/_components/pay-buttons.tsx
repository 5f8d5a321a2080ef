'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { CreditCard, RotateCcw, ShoppingCart, Trash2 } from 'lucide-react';
import type { ActionResult } from '@/lib/actions/result';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { addNoticeToCart, payCart, payNotice, removeCartItem, retryCart } from '@/lib/payments/actions';
import type { NoticeClaimInput } from '@/lib/positions/schemas';
import { announceVisitChange } from './visitor-corner';

/** Runs an action; goes to its checkout URL when it gives one, shows its error (in the page's language) otherwise. */
export function useAction() {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const run = <T,>(work: () => Promise<ActionResult<T>>, after?: (data: T) => void) =>
    startTransition(async () => {
      setError(undefined);
      const result = await work();
      if (!result.ok) return setError(result.error);
      const data = result.data as T & { redirectUrl?: string };
      if (data.redirectUrl) window.location.assign(data.redirectUrl);
      else after?.(result.data);
    });
  return { error, pending, run };
}

export function ErrorLine({ error }: { error?: string }) {
  return error ? (
    <p role="alert" className="mt-3 font-semibold text-danger">
      {error}
    </p>
  ) : null;
}

/**
 * «Paga» and «Aggiungi al carrello» for one notice, whichever way the person proved it is theirs: a claim
 * (notice number and debtor's fiscal code) or their signed-in identity. `describedBy` names the notice's
 * heading when a page lists several, so that a screen reader tells which «Paga» this is.
 */
export function PayOrAddButtons({
  pay,
  add,
  payLabel,
  addedNote,
  describedBy,
  className,
  locale = 'it',
  children,
}: {
  pay: () => Promise<ActionResult<unknown>>;
  add: () => Promise<ActionResult<unknown>>;
  payLabel: string;
  addedNote: string;
  describedBy?: string;
  className: string;
  locale?: Locale;
  children?: React.ReactNode;
}) {
  const t = translate(locale, 'PayButtons');
  const router = useRouter();
  const { error, pending, run } = useAction();
  const [added, setAdded] = useState(false);
  return (
    <div className={className}>
      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        <button
          type="button"
          disabled={pending}
          aria-describedby={describedBy}
          className="btn-primary disabled:opacity-60"
          onClick={() => run(pay)}
        >
          <CreditCard aria-hidden="true" size={20} /> {payLabel}
        </button>
        <button
          type="button"
          disabled={pending || added}
          aria-describedby={describedBy}
          className="btn-outline disabled:opacity-60"
          onClick={() =>
            run(add, () => {
              setAdded(true);
              announceVisitChange();
              router.refresh();
            })
          }
        >
          <ShoppingCart aria-hidden="true" size={20} /> {added ? t('added') : t('add')}
        </button>
        {children}
      </div>
      {added && (
        <p role="status" className="mt-3">
          {t('addedNotice')}{' '}
          <a href={localizedPath(locale, '/carrello')} className="font-semibold">
            {t('goToCart')}
          </a>{' '}
          {addedNote}
        </p>
      )}
      <ErrorLine error={error} />
    </div>
  );
}

/** For a notice the citizen has claimed with its debtor's fiscal code («Paga un avviso»). */
export function NoticeActions({ claim, locale }: { claim: NoticeClaimInput; locale: Locale }) {
  const t = translate(locale, 'PayButtons');
  return (
    <PayOrAddButtons
      className="mt-6"
      pay={() => payNotice(claim)}
      add={() => addNoticeToCart(claim)}
      payLabel={t('payNow')}
      addedNote={t('addedNote')}
      locale={locale}
    />
  );
}

export function RemoveFromCartButton({ positionId, label, locale }: { positionId: string; label: string; locale: Locale }) {
  const t = translate(locale, 'PayButtons');
  const router = useRouter();
  const { error, pending, run } = useAction();
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        aria-label={t('removeLabel', { label })}
        className="btn-outline min-h-10 border-line py-1 text-ink"
        onClick={() =>
          run(
            () => removeCartItem({ positionId }),
            () => {
              announceVisitChange();
              router.refresh();
            },
          )
        }
      >
        <Trash2 aria-hidden="true" size={18} /> {t('remove')}
      </button>
      <ErrorLine error={error} />
    </div>
  );
}

export function PayCartButton({ label, locale }: { label: string; locale: Locale }) {
  const { error, pending, run } = useAction();
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        className="btn-primary w-full text-lg disabled:opacity-60 sm:w-auto"
        onClick={() => run(() => payCart({}))}
      >
        <CreditCard aria-hidden="true" size={20} /> {pending ? translate(locale, 'PayButtons')('redirecting') : label}
      </button>
      <ErrorLine error={error} />
    </div>
  );
}

/** After a cancelled or failed checkout: pay again what is still unpaid in that cart. */
export function RetryButton({ cartId, locale }: { cartId: string; locale: Locale }) {
  const t = translate(locale, 'PayButtons');
  const { error, pending, run } = useAction();
  return (
    <div className="mt-6">
      <button type="button" disabled={pending} className="btn-primary disabled:opacity-60" onClick={() => run(() => retryCart({ cartId }))}>
        <RotateCcw aria-hidden="true" size={18} /> {pending ? t('wait') : t('retry')}
      </button>
      <ErrorLine error={error} />
    </div>
  );
}
