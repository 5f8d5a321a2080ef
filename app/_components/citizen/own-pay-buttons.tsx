'use client';

import { CreditCard } from 'lucide-react';
import { addOwnPositionToCart, payOwnPositions } from '@/lib/citizen/actions';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { ErrorLine, PayOrAddButtons, useAction } from '../pay-buttons';

/** «Paga» and «Aggiungi al carrello» for one of the signed-in person's own notices. */
export function OwnPositionActions({
  positionId,
  describedBy,
  locale,
  children,
}: {
  positionId: string;
  describedBy: string;
  locale: Locale;
  children?: React.ReactNode;
}) {
  const t = translate(locale, 'PersonalArea');
  return (
    <PayOrAddButtons
      className="mt-4"
      pay={() => payOwnPositions({ positionIds: [positionId] })}
      add={() => addOwnPositionToCart({ positionId })}
      payLabel={t('pay')}
      addedNote={t('addedNote')}
      describedBy={describedBy}
      locale={locale}
    >
      {children}
    </PayOrAddButtons>
  );
}

/** Pays all the listed notices (2 to 5) in one checkout. */
export function PayAllOwnButton({ positionIds, label }: { positionIds: string[]; label: string }) {
  const { error, pending, run } = useAction();
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        className="btn-primary w-full disabled:opacity-60 sm:w-auto"
        onClick={() => run(() => payOwnPositions({ positionIds }))}
      >
        <CreditCard aria-hidden="true" size={20} /> {label}
      </button>
      <ErrorLine error={error} />
    </div>
  );
}
