'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { StatusMessage } from '@/app/_components/status-message';
import { approveBillingYear } from '@/lib/billing/actions';
import { BILLING_METHOD_LABELS, type BillingMethod } from '@/lib/billing/compute';

/** A CIT admin freezes the year as shown, after saying so: approval cannot be undone. */
export function ApproveBillingButton({ year, method, disabled }: { year: number; method: BillingMethod; disabled: boolean }) {
  const router = useRouter();
  const [confirmed, setConfirmed] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    startTransition(async () => {
      const result = await approveBillingYear({ year, method });
      if (!result.ok) {
        setMessage({ ok: false, text: result.error });
        return;
      }
      setMessage({ ok: true, text: `Fatturazione ${year} approvata: ${result.data.statements} prospetti definitivi.` });
      router.refresh();
    });
  };

  return (
    <form onSubmit={onSubmit} className="mt-3 space-y-3">
      <p>
        Metodo: {BILLING_METHOD_LABELS[method]}. Dopo l&apos;approvazione gli importi e i prospetti restano quelli di oggi, anche se i dati
        degli Enti cambiano.
      </p>
      <div className="flex items-start gap-3">
        <input
          id="conferma-approvazione"
          type="checkbox"
          className="mt-1 size-6 shrink-0"
          checked={confirmed}
          onChange={(e) => setConfirmed(e.target.checked)}
        />
        <label htmlFor="conferma-approvazione">Ho controllato gli importi: l&apos;approvazione non si può annullare</label>
      </div>
      <button type="submit" disabled={disabled || !confirmed || pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Approvazione…' : `Approva la fatturazione ${year}`}
      </button>
      <StatusMessage message={message} />
    </form>
  );
}
