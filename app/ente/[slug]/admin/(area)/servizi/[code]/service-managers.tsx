'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { setServiceManagersAction } from '@/lib/catalogue/actions';
import type { ServiceOperator } from '@/lib/catalogue/admin-queries';

/** For admins: which operators limited to some services also manage this one. */
export function ServiceManagers({ serviceId, operators }: { serviceId: string; operators: ServiceOperator[] }) {
  const router = useRouter();
  const [chosen, setChosen] = useState(new Set(operators.filter((o) => o.scoped && o.managesService).map((o) => o.userId)));
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string }>();
  const [pending, startTransition] = useTransition();
  const scoped = operators.filter((o) => o.scoped);
  const unlimited = operators.filter((o) => !o.scoped);

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await setServiceManagersAction({ id: serviceId, operatorIds: [...chosen] });
      setOutcome(result.ok ? { ok: true, message: 'Operatori aggiornati.' } : { ok: false, message: result.error });
      if (result.ok) router.refresh();
    });
  };

  return (
    <section aria-labelledby="operatori" className="mt-12 max-w-3xl">
      <h2 id="operatori" className="text-2xl font-bold">
        Chi gestisce il servizio
      </h2>
      <p className="mt-2 text-muted">Gli amministratori gestiscono tutti i servizi.</p>
      {unlimited.length > 0 && (
        <p className="mt-2">Operatori senza limiti, che gestiscono tutti i servizi: {unlimited.map((o) => o.fullName).join(', ')}.</p>
      )}
      {scoped.length === 0 ? (
        <p className="mt-2">Nessun operatore è limitato ad alcuni servizi.</p>
      ) : (
        <form onSubmit={save} className="mt-4 space-y-3">
          <fieldset>
            <legend className="mb-1 font-semibold">Operatori limitati ad alcuni servizi</legend>
            {scoped.map((o) => (
              <label key={o.userId} className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  className="size-5"
                  checked={chosen.has(o.userId)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(o.userId);
                    else next.delete(o.userId);
                    setChosen(next);
                  }}
                />
                {o.fullName}
              </label>
            ))}
          </fieldset>
          {outcome && (
            <p role={outcome.ok ? 'status' : 'alert'} className={`font-semibold ${outcome.ok ? '' : 'text-danger'}`}>
              {outcome.message}
            </p>
          )}
          <button type="submit" className="btn-outline" disabled={pending}>
            Salva gli operatori
          </button>
        </form>
      )}
    </section>
  );
}
