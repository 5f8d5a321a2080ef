'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { StatusMessage } from '@/app/_components/status-message';
import { retryNotificationAction } from '@/lib/notifications/actions';

/** Sends a failed or dead message again, with a fresh round of attempts. */
export function RetryNotificationButton({ id }: { id: string }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const retry = () =>
    startTransition(async () => {
      const result = await retryNotificationAction({ id });
      setMessage(result.ok ? { ok: true, text: 'Nuovo invio programmato.' } : { ok: false, text: result.error });
      if (result.ok) router.refresh();
    });
  return (
    <div>
      <StatusMessage message={message} />
      <button type="button" className="btn-outline" onClick={retry} disabled={pending || message?.ok}>
        {pending ? 'Invio in corso…' : 'Invia di nuovo'}
      </button>
    </div>
  );
}
