'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { StatusMessage } from '@/app/_components/status-message';
import { savePartnerStatus } from '@/lib/partners/directory-actions';
import { PARTNER_PROTOCOLS, PROTOCOL_LABELS, type PartnerStatusInput } from '@/lib/partners/directory-schemas';

const UNKNOWN = '';

/** A CIT admin decides whether the partner may be assigned and records how the portal talks to it. */
export function PartnerStatusForm({ initial }: { initial: PartnerStatusInput }) {
  const router = useRouter();
  const [compatible, setCompatible] = useState(initial.compatible);
  const [protocol, setProtocol] = useState<string>(initial.protocol ?? UNKNOWN);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    startTransition(async () => {
      const chosen = PARTNER_PROTOCOLS.find((p) => p === protocol) ?? null;
      const result = await savePartnerStatus({ code: initial.code, compatible, protocol: chosen });
      if (!result.ok) {
        setMessage({ ok: false, text: result.error });
        return;
      }
      setMessage({
        ok: true,
        text: compatible ? 'Salvato: il partner si può assegnare.' : 'Salvato: il partner non si può più assegnare.',
      });
      router.refresh();
    });
  };

  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-5">
      <StatusMessage message={message} />
      <div className="flex items-start gap-3">
        <input
          id="partner-compatibile"
          type="checkbox"
          className="mt-1 size-6 shrink-0"
          checked={compatible}
          onChange={(e) => setCompatible(e.target.checked)}
          aria-describedby="partner-compatibile-aiuto"
        />
        <div>
          <label htmlFor="partner-compatibile" className="font-semibold">
            Compatibile con il portale
          </label>
          <p id="partner-compatibile-aiuto" className="text-sm text-muted">
            Un partner non compatibile non si può assegnare a nuovi Enti; chi già lo usa lo conserva finché non cambia partner.
          </p>
        </div>
      </div>
      <div>
        <label htmlFor="partner-protocollo" className="mb-1 block font-semibold">
          Protocollo
        </label>
        <select
          id="partner-protocollo"
          value={protocol}
          onChange={(e) => setProtocol(e.target.value)}
          className="min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg"
        >
          <option value={UNKNOWN}>Da definire</option>
          {PARTNER_PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {PROTOCOL_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Salvataggio…' : 'Salva compatibilità e protocollo'}
      </button>
    </form>
  );
}
