'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { StatusMessage } from '@/app/_components/status-message';
import { assignSupport, setSupportRequestStatus } from '@/lib/support/actions';
import { SUPPORT_STATUS_LABELS, type SupportStatus } from '@/lib/support/labels';

const SELECT = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg';

/** Assign the request (to oneself or a colleague) and set its state, each with its own button; the page then shows the change. */
export function CitRequestControls({
  id,
  status,
  assignedTo,
  me,
  assignees,
}: {
  id: string;
  status: SupportStatus;
  assignedTo: string | null;
  me: string;
  assignees: { id: string; fullName: string }[];
}) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const run = (work: () => Promise<{ ok: true } | { ok: false; error: string }>, done: string) =>
    startTransition(async () => {
      const result = await work();
      setMessage(result.ok ? { ok: true, text: done } : { ok: false, text: result.error });
      if (result.ok) router.refresh();
    });

  const onAssign = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const assegnatario = String(new FormData(event.currentTarget).get('assegnatario') ?? '');
    run(() => assignSupport({ id, assegnatario }), assegnatario ? 'Richiesta assegnata.' : 'Assegnazione tolta.');
  };
  const onStatus = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const stato = String(new FormData(event.currentTarget).get('stato')) as SupportStatus;
    run(() => setSupportRequestStatus({ id, stato }), `Stato aggiornato: ${SUPPORT_STATUS_LABELS[stato]}.`);
  };

  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <form onSubmit={onAssign} className="space-y-2">
          <label htmlFor="assegnatario" className="block font-semibold">
            Assegnata a
          </label>
          <select id="assegnatario" name="assegnatario" defaultValue={assignedTo ?? ''} className={SELECT}>
            <option value="">Nessuno</option>
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.id === me ? `${a.fullName} (io)` : a.fullName}
              </option>
            ))}
          </select>
          <button type="submit" disabled={pending} className="btn-outline disabled:opacity-60">
            Assegna
          </button>
        </form>
        <form onSubmit={onStatus} className="space-y-2">
          <label htmlFor="nuovo-stato" className="block font-semibold">
            Stato
          </label>
          <select id="nuovo-stato" name="stato" defaultValue={status} className={SELECT}>
            {Object.entries(SUPPORT_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <button type="submit" disabled={pending} className="btn-outline disabled:opacity-60">
            Cambia stato
          </button>
        </form>
      </div>
      <StatusMessage message={message} />
    </div>
  );
}
