'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { moveServiceAction, setServiceActiveAction } from '@/lib/catalogue/actions';
import type { ActionResult } from '@/lib/actions/result';

/** Up, down, activate and deactivate for one row of the services list; plain buttons, no dragging. */
export function ServiceRowControls({
  id,
  title,
  version,
  active,
  first,
  last,
}: {
  id: string;
  title: string;
  version: string;
  active: boolean;
  first: boolean;
  last: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<ActionResult<null>>) =>
    startTransition(async () => {
      setError(undefined);
      const result = await action();
      if (result.ok) router.refresh();
      else setError(result.error);
    });

  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="btn-outline px-3"
        disabled={first || pending}
        aria-label={`Sposta su «${title}»`}
        onClick={() => run(() => moveServiceAction({ id, direction: 'up', version }))}
      >
        <ArrowUp aria-hidden="true" size={18} />
      </button>
      <button
        type="button"
        className="btn-outline px-3"
        disabled={last || pending}
        aria-label={`Sposta giù «${title}»`}
        onClick={() => run(() => moveServiceAction({ id, direction: 'down', version }))}
      >
        <ArrowDown aria-hidden="true" size={18} />
      </button>
      <button
        type="button"
        className="btn-outline px-3"
        disabled={pending}
        aria-label={`${active ? 'Disattiva' : 'Attiva'} «${title}»`}
        onClick={() => run(() => setServiceActiveAction({ id, active: !active }))}
      >
        {active ? 'Disattiva' : 'Attiva'}
      </button>
      {error && (
        <p role="alert" className="w-full font-semibold text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
