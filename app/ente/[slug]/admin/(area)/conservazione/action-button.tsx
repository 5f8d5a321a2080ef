'use client';

import { useState, useTransition } from 'react';
import { StatusMessage } from '@/app/_components/status-message';
import type { ActionResult } from '@/lib/actions/result';
import { retryConservazione, runConservazioneNow } from '@/lib/conservazione/actions';

const LATER = 'ricarica la pagina tra qualche minuto per vederne l’esito.';

/** What each button does and says: «Invia ora» for the Ente, «Riprova» for one receipt. */
const ACTIONS = {
  run: {
    label: 'Invia ora',
    call: (): Promise<ActionResult<string>> => runConservazioneNow({}),
    done: (data: string) => (data === 'queued' ? `Versamento avviato: ${LATER}` : `Un versamento è già in corso: ${LATER}`),
  },
  retry: {
    label: 'Riprova',
    call: (id?: string): Promise<ActionResult<string>> => retryConservazione({ id: id ?? '' }),
    done: () => `La ricevuta tornerà al conservatore con il prossimo versamento, avviato ora: ${LATER}`,
  },
} as const;

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
