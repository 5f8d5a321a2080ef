'use client';

import { useEffect, useState, useTransition } from 'react';
import { FormAlert } from '@/app/_components/form-alert';
import { prepareAvvisi } from '@/lib/imports/actions';
import { IMPORT_COUNT_LABELS, IMPORT_STATUS_LABELS } from '@/lib/imports/labels';
import type { ImportProgressView } from '@/lib/imports/queries';
import { ProgressBar } from './progress-bar';

const LIVE = new Set<string | null>(['queued', 'running']);

/**
 * The import's progress and counts, refreshed every second while the worker runs the import or builds
 * the avvisi ZIP; the counts sit in a polite live region.
 */
export function ImportProgress({ id, initial }: { id: string; initial: ImportProgressView }) {
  const [view, setView] = useState(initial);
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();
  const live = LIVE.has(view.status) || LIVE.has(view.avvisiStatus);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(async () => {
      const response = await fetch(`/admin/importazioni/${id}/stato`, { cache: 'no-store' }).catch(() => undefined);
      if (response?.ok) setView((await response.json()) as ImportProgressView);
    }, 1000);
    return () => clearInterval(timer);
  }, [id, live]);

  const prepare = () =>
    startTransition(async () => {
      const result = await prepareAvvisi({ importId: id });
      if (result.ok) setView((v) => ({ ...v, avvisiStatus: 'queued', avvisiDone: 0 }));
      else setMessage(result.error);
    });

  const total = view.totalRows ?? 0;
  return (
    <div>
      <p className="text-lg">
        Stato: <strong>{IMPORT_STATUS_LABELS[view.status]}</strong>
        {total > 0 && ` — ${view.processedRows} righe su ${total}`}
      </p>
      <ProgressBar
        label="Avanzamento dell’importazione"
        done={view.status === 'done' ? 1 : view.processedRows}
        total={view.status === 'done' ? 1 : total}
      />
      {view.error && (
        <p role="alert" className="mt-4 rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-semibold text-danger">
          {view.error}
        </p>
      )}
      <dl aria-live="polite" className="mt-6 grid max-w-xl grid-cols-[1fr_auto] gap-x-6 gap-y-1">
        {(Object.keys(IMPORT_COUNT_LABELS) as (keyof typeof IMPORT_COUNT_LABELS)[]).map((key) => (
          <div key={key} className="contents">
            <dt>{IMPORT_COUNT_LABELS[key]}</dt>
            <dd className="text-right font-semibold tabular-nums">{view[key]}</dd>
          </div>
        ))}
      </dl>
      {view.status === 'done' && view.rejected > 0 && (
        <p className="mt-6">
          <a className="btn-outline" href={`/admin/importazioni/${id}/scarti.csv`} download>
            Scarica gli scarti (CSV)
          </a>
        </p>
      )}
      {view.status === 'done' && view.avvisiTotal > 0 && (
        <section aria-labelledby="avvisi" className="mt-8">
          <h2 id="avvisi" className="text-2xl font-bold">
            Avvisi di pagamento
          </h2>
          <p className="mt-2 max-w-2xl text-muted">
            Un file ZIP con il PDF dell’avviso di ognuna delle {view.avvisiTotal} posizioni nuove o aggiornate ancora da pagare.
          </p>
          {LIVE.has(view.avvisiStatus) ? (
            <>
              <p className="mt-3">
                Preparazione in corso: {view.avvisiDone} avvisi su {view.avvisiTotal}
              </p>
              <ProgressBar label="Preparazione degli avvisi" done={view.avvisiDone} total={view.avvisiTotal} />
            </>
          ) : view.avvisiStatus === 'done' ? (
            <p className="mt-3">
              <a className="btn-primary" href={`/admin/importazioni/${id}/avvisi.zip`} download>
                Scarica gli avvisi (ZIP)
              </a>
            </p>
          ) : (
            <div className="mt-3 space-y-3">
              {view.avvisiStatus === 'failed' && <FormAlert message="La preparazione degli avvisi non è riuscita: riprova." />}
              <FormAlert message={message} />
              <button type="button" onClick={prepare} disabled={pending} className="btn-primary disabled:opacity-60">
                Prepara gli avvisi
              </button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
