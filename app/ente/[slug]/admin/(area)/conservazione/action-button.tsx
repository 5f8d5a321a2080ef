'use client';

import { useState, useTransition } from 'react';
import { StatusMessage } from '@/app/_components/status-message';
import type { ActionResult } from '@/lib/actions/result';
import { retryConservazione, sendConservazioneNow } from '@/lib/conservazione/actions';

const LATER = 'ricarica la pagina tra qualche minuto per vederne l’esito.';

interface ButtonAction {
  label: string;
  call: (receiptId: string | undefined) => Promise<ActionResult<string>>;
  done: (data: string) => string;
}

/** What each button does and says: «Invia ora» for the Ente, «Riprova» for one receipt. */
const ACTIONS: Record<'run' | 'retry', ButtonAction> = {
  run: {
    label: 'Invia ora',
    call: () => sendConservazioneNow({}),
    done: (data) => (data === 'queued' ? `Versamento avviato: ${LATER}` : `Un versamento è già in corso: ${LATER}`),
  },
  retry: {
    label: 'Riprova',
    call: (receiptId) => retryConservazione({ id: receiptId ?? '' }),
    done: () => `La ricevuta tornerà al conservatore con il versamento avviato ora: ${LATER}`,
  },
};

/** A conservazione action of the admin; the answer replaces the button so that it is not pressed twice. */
export function ConservazioneActionButton({ action, receiptId }: { action: keyof typeof ACTIONS; receiptId?: string }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const { label, call, done } = ACTIONS[action];
  if (message) return <StatusMessage message={message} />;
  return (
    <button
      type="button"
      disabled={pending}
      className="btn-primary disabled:opacity-60"
      onClick={() =>
        startTransition(async () => {
          const result = await call(receiptId);
          setMessage(result.ok ? { ok: true, text: done(result.data) } : { ok: false, text: result.error });
        })
      }
    >
      {pending ? 'Attendi…' : label}
    </button>
  );
}
