'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { closeSupportRequest, reopenSupportRequest } from '@/lib/support/actions';

/** The Ente closes its request, or reopens it when closed; the page then shows the new state. */
export function EnteRequestStateButton({ id, closed }: { id: string; closed: boolean }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const onClick = () =>
    startTransition(async () => {
      const result = await (closed ? reopenSupportRequest : closeSupportRequest)({ id });
      if (result.ok) router.refresh();
      else setError(result.error);
    });
  return (
    <div className="space-y-2">
      <button type="button" onClick={onClick} disabled={pending} className="btn-outline disabled:opacity-60">
        {closed ? 'Riapri la richiesta' : 'Chiudi la richiesta: problema risolto'}
      </button>
      {error && (
        <p role="alert" className="font-semibold text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
