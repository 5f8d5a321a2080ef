'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { CreditCard, ShoppingCart, Trash2 } from 'lucide-react';
import { addToCart, payCart, payPositions, removeFromCart, type PaymentActionResult } from '@/lib/payments/actions';

function useAction() {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<PaymentActionResult | { ok: true; size: number } | { ok: false; error: string } | void>, after?: () => void) =>
    startTransition(async () => {
      setError(undefined);
      const result = await work();
      if (!result) return after?.();
      if (!result.ok) return setError(result.error);
      if ('redirectUrl' in result) window.location.assign(result.redirectUrl);
      else after?.();
    });
  return { error, pending, run };
}

function ErrorLine({ error }: { error?: string }) {
  return error ? (
    <p role="alert" className="mt-3 font-semibold text-danger">
      {error}
    </p>
  ) : null;
}

/** "Paga ora" and "Aggiungi al carrello" for one existing notice. */
export function NoticeActions({ slug, positionId }: { slug: string; positionId: string }) {
  const router = useRouter();
  const { error, pending, run } = useAction();
  const [added, setAdded] = useState(false);
  return (
    <div className="mt-6">
      <div className="flex flex-col gap-3 sm:flex-row">
        <button type="button" disabled={pending} className="btn-primary disabled:opacity-60" onClick={() => run(() => payPositions(slug, [positionId]))}>
          <CreditCard aria-hidden="true" size={20} /> Paga ora
        </button>
        <button
          type="button"
          disabled={pending || added}
          className="btn-outline disabled:opacity-60"
          onClick={() => run(() => addToCart(slug, positionId), () => { setAdded(true); router.refresh(); })}
        >
          <ShoppingCart aria-hidden="true" size={20} /> {added ? 'Aggiunto al carrello' : 'Aggiungi al carrello'}
        </button>
      </div>
      {added && (
        <p role="status" className="mt-3">
          Avviso aggiunto. <a href="/carrello" className="font-semibold">Vai al carrello</a> per pagare insieme fino a 5 avvisi.
        </p>
      )}
      <ErrorLine error={error} />
    </div>
  );
}

export function RemoveFromCartButton({ slug, positionId, label }: { slug: string; positionId: string; label: string }) {
  const router = useRouter();
  const { pending, run } = useAction();
  return (
    <button type="button" disabled={pending} aria-label={`Togli dal carrello: ${label}`} className="btn-outline min-h-10 border-line py-1 text-ink"
      onClick={() => run(() => removeFromCart(slug, positionId), () => router.refresh())}>
      <Trash2 aria-hidden="true" size={18} /> Togli
    </button>
  );
}

export function PayCartButton({ slug, label }: { slug: string; label: string }) {
  const { error, pending, run } = useAction();
  return (
    <div>
      <button type="button" disabled={pending} className="btn-primary w-full text-lg disabled:opacity-60 sm:w-auto" onClick={() => run(() => payCart(slug))}>
        <CreditCard aria-hidden="true" size={20} /> {pending ? 'Ti stiamo portando al pagamento…' : label}
      </button>
      <ErrorLine error={error} />
    </div>
  );
}
