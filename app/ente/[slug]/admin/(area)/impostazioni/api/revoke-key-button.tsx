'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { revokeEnteApiKey } from '@/lib/settings/actions';

/** Revokes a key after confirmation: the software using it is refused from the next request. */
export function RevokeKeyButton({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const onClick = () => {
    if (!window.confirm(`Revocare la chiave «${label}»? Il gestionale che la usa non potrà più collegarsi.`)) return;
    startTransition(async () => {
      const result = await revokeEnteApiKey({ id });
      if (result.ok) router.refresh();
      else setError(result.error);
    });
  };
  return (
    <>
      <button type="button" onClick={onClick} disabled={pending} className="btn-outline disabled:opacity-60">
        Revoca<span className="sr-only"> la chiave {label}</span>
      </button>
      {error && (
        <p role="alert" className="mt-1 font-semibold text-danger">
          {error}
        </p>
      )}
    </>
  );
}
