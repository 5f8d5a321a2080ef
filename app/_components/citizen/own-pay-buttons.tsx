'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { CreditCard, ShoppingCart } from 'lucide-react';
import { addOwnPositionToCart, payOwnPositions } from '@/lib/citizen/actions';
import { ErrorLine, useAction } from '../pay-buttons';

/**
 * «Paga» and «Aggiungi al carrello» for one of the signed-in person's own notices. `describedBy` names the
 * notice's heading, so that a screen reader tells which of the page's «Paga» buttons this is.
 */
export function OwnPositionActions({
  positionId,
  describedBy,
  children,
}: {
  positionId: string;
  describedBy: string;
  children?: React.ReactNode;
}) {
  const router = useRouter();
  const { error, pending, run } = useAction();
  const [added, setAdded] = useState(false);
  return (
    <div className="mt-4">
      <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
        <button
          type="button"
          disabled={pending}
          aria-describedby={describedBy}
          className="btn-primary disabled:opacity-60"
          onClick={() => run(() => payOwnPositions({ positionIds: [positionId] }))}
        >
          <CreditCard aria-hidden="true" size={20} /> Paga
        </button>
        <button
          type="button"
          disabled={pending || added}
          aria-describedby={describedBy}
          className="btn-outline disabled:opacity-60"
          onClick={() =>
            run(
              () => addOwnPositionToCart({ positionId }),
              () => {
                setAdded(true);
                router.refresh();
              },
            )
          }
        >
          <ShoppingCart aria-hidden="true" size={20} /> {added ? 'Aggiunto al carrello' : 'Aggiungi al carrello'}
        </button>
        {children}
      </div>
      {added && (
        <p role="status" className="mt-3">
          Avviso aggiunto.{' '}
          <a href="/carrello" className="font-semibold">
            Vai al carrello
          </a>{' '}
          per pagarlo insieme ad altri.
        </p>
      )}
      <ErrorLine error={error} />
    </div>
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
