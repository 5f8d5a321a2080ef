'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { StatusMessage } from '@/app/_components/status-message';
import { saveSharedReferente } from '@/lib/billing/actions';

/** One Unione or Comunità Montana: whether it shares the referente with its member Comuni. */
export function SharedReferenteForm({
  enteId,
  name,
  shared,
  members,
}: {
  enteId: string;
  name: string;
  shared: boolean;
  members: string[];
}) {
  const router = useRouter();
  const id = useId();
  const [checked, setChecked] = useState(shared);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    startTransition(async () => {
      const result = await saveSharedReferente({ enteId, shared: checked });
      if (!result.ok) {
        setMessage({ ok: false, text: result.error });
        return;
      }
      setMessage({ ok: true, text: checked ? 'Condizione multi-ente applicata.' : 'Condizione multi-ente tolta.' });
      router.refresh();
    });
  };

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <h3 className="text-lg font-bold">{name}</h3>
      <p className="text-sm text-muted">
        {members.length > 0 ? `Comuni aderenti: ${members.join(', ')}.` : 'Nessun Comune aderente registrato.'}
      </p>
      <div className="flex items-start gap-3">
        <input
          id={`${id}-condiviso`}
          type="checkbox"
          className="mt-1 size-6 shrink-0"
          checked={checked}
          onChange={(e) => setChecked(e.target.checked)}
        />
        <label htmlFor={`${id}-condiviso`}>Condivide il referente unico di progetto con i Comuni aderenti</label>
      </div>
      <button type="submit" disabled={pending} className="btn-outline disabled:opacity-60">
        {pending ? 'Salvataggio…' : `Salva per ${name}`}
      </button>
      <StatusMessage message={message} />
    </form>
  );
}
