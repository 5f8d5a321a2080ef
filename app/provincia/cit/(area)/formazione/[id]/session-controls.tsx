'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { cancelTrainingSession, recordTrainingAttendance } from '@/lib/training/actions';
import type { ActionResult } from '@/lib/actions/result';

/** Runs an action and refreshes the page, or shows its refusal next to the button. */
function useRefreshingAction() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      setError(undefined);
      const result = await action();
      if (result.ok) router.refresh();
      else setError(result.error);
    });
  return { error, pending, run };
}

function InlineError({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="mt-1 font-semibold text-danger">
      {message}
    </p>
  ) : null;
}

/** Present / absent for one registered person. */
export function AttendanceButtons({ sessionId, userId, name }: { sessionId: string; userId: string; name: string }) {
  const { error, pending, run } = useRefreshingAction();
  return (
    <>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={pending}
          onClick={() => run(() => recordTrainingAttendance({ sessionId, userId, present: true }))}
          className="btn-outline min-h-10 px-3 py-1 disabled:opacity-60"
        >
          Presente<span className="sr-only">: {name}</span>
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => run(() => recordTrainingAttendance({ sessionId, userId, present: false }))}
          className="btn-outline min-h-10 px-3 py-1 disabled:opacity-60"
        >
          Assente<span className="sr-only">: {name}</span>
        </button>
      </div>
      <InlineError message={error} />
    </>
  );
}

/** Cancels the session after confirmation. */
export function CancelSessionButton({ sessionId, registered }: { sessionId: string; registered: number }) {
  const { error, pending, run } = useRefreshingAction();
  const onClick = () => {
    const who = registered > 0 ? ` Le ${registered} persone iscritte lo vedranno nella loro pagina Formazione.` : '';
    if (window.confirm(`Annullare la sessione?${who}`)) run(() => cancelTrainingSession({ sessionId }));
  };
  return (
    <>
      <button type="button" onClick={onClick} disabled={pending} className="btn-outline border-danger text-danger disabled:opacity-60">
        Annulla la sessione
      </button>
      <InlineError message={error} />
    </>
  );
}
