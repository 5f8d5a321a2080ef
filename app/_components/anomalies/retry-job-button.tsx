'use client';

import { useState, useTransition } from 'react';
import { retryEnteJob } from '@/lib/jobs/actions';

/** Puts a dead job back in the queue; the answer replaces the button so it cannot be pressed twice. */
export function RetryJobButton({ jobId, describedBy }: { jobId: number; describedBy: string }) {
  const [message, setMessage] = useState<{ text: string; ok: boolean }>();
  const [pending, startTransition] = useTransition();
  if (message)
    return (
      <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'font-semibold' : 'font-semibold text-danger'}>
        {message.text}
      </p>
    );
  return (
    <button
      type="button"
      disabled={pending}
      aria-describedby={describedBy}
      className="btn-outline disabled:opacity-60"
      onClick={() =>
        startTransition(async () => {
          const result = await retryEnteJob({ id: jobId });
          setMessage(result.ok ? { text: result.data, ok: true } : { text: result.error, ok: false });
        })
      }
    >
      {pending ? 'Invio…' : 'Riprova'}
    </button>
  );
}
