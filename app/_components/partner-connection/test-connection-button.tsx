'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { StatusMessage } from '@/app/_components/status-message';
import { testCitConnection, testEnteConnection } from '@/lib/partners/connection-actions';

/** «Verifica collegamento»: the adapter tries its read-only calls; the page then shows the stored result. */
export function TestConnectionButton({ enteId }: { enteId?: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();

  const run = () => {
    setMessage(undefined);
    startTransition(async () => {
      const result = enteId ? await testCitConnection({ enteId }) : await testEnteConnection({});
      if (!result.ok) {
        setMessage({ ok: false, text: result.error });
        return;
      }
      const failed = result.data.checks.filter((c) => !c.ok).length;
      setMessage(
        failed === 0
          ? { ok: true, text: 'Verifica completata: tutte le operazioni riescono.' }
          : { ok: false, text: `Verifica completata: ${failed} operazioni non riescono (dettagli qui sotto).` },
      );
      router.refresh();
    });
  };

  return (
    <div className="mt-4 space-y-3">
      <StatusMessage message={message} />
      <button type="button" onClick={run} disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Verifica in corso…' : 'Verifica collegamento'}
      </button>
    </div>
  );
}
