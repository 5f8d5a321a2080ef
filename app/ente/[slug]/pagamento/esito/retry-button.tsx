'use client';

import { useState, useTransition } from 'react';
import { RotateCcw } from 'lucide-react';
import { payPositions } from '@/lib/payments/actions';

export function RetryButton({ slug, positionIds }: { slug: string; positionIds: string[] }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="mt-6">
      <button
        type="button"
        disabled={pending}
        className="btn-primary disabled:opacity-60"
        onClick={() =>
          startTransition(async () => {
            const result = await payPositions(slug, positionIds);
            if (result.ok) window.location.assign(result.redirectUrl);
            else setError(result.error);
          })
        }
      >
        <RotateCcw aria-hidden="true" size={18} /> {pending ? 'Un momento…' : 'Riprova il pagamento'}
      </button>
      {error && (
        <p role="alert" className="mt-3 font-semibold text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
