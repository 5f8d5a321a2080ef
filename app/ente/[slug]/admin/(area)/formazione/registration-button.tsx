'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { registerForTraining, unregisterFromTraining } from '@/lib/training/actions';

/** Registers the signed-in admin to a session, or withdraws the registration. */
export function RegistrationButton({ sessionId, title, registered }: { sessionId: string; title: string; registered: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const onClick = () => {
    if (registered && !window.confirm(`Ritirare l’iscrizione a «${title}»? Il posto torna disponibile per altri.`)) return;
    startTransition(async () => {
      setError(undefined);
      const result = registered ? await unregisterFromTraining({ sessionId }) : await registerForTraining({ sessionId });
      if (result.ok) router.refresh();
      else setError(result.error);
    });
  };
  return (
    <>
      <button
        type="button"
        onClick={onClick}
        disabled={pending}
        className={`${registered ? 'btn-outline' : 'btn-primary'} disabled:opacity-60`}
      >
        {registered ? 'Ritira l’iscrizione' : 'Iscriviti'}
        <span className="sr-only"> a {title}</span>
      </button>
      {error && (
        <p role="alert" className="mt-1 font-semibold text-danger">
          {error}
        </p>
      )}
    </>
  );
}
