'use client';

import { useEffect, useState } from 'react';
import { IMPORT_COUNT_LABELS, IMPORT_STATUS_LABELS } from '@/lib/imports/labels';
import type { ImportProgressView } from '@/lib/imports/queries';

const LIVE = new Set<string | null>(['queued', 'running']);

/**
 * The import's progress and counts, refreshed every second while the worker runs it. The bar is a
 * native-like progressbar with aria-valuenow; the counts sit in a polite live region.
 */
export function ImportProgress({ id, initial }: { id: string; initial: ImportProgressView }) {
  const [view, setView] = useState(initial);
  const live = LIVE.has(view.status) || LIVE.has(view.avvisiStatus);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(async () => {
      const response = await fetch(`/admin/importazioni/${id}/stato`, { cache: 'no-store' }).catch(() => undefined);
      if (response?.ok) setView((await response.json()) as ImportProgressView);
    }, 1000);
    return () => clearInterval(timer);
  }, [id, live]);

  const total = view.totalRows ?? 0;
  const percent = total > 0 ? Math.round((view.processedRows / total) * 100) : view.status === 'done' ? 100 : 0;
  return (
    <div>
      <p className="text-lg">
        Stato: <strong>{IMPORT_STATUS_LABELS[view.status]}</strong>
        {total > 0 && ` — ${view.processedRows} righe su ${total}`}
      </p>
      <div
        role="progressbar"
        aria-label="Avanzamento dell’importazione"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
        className="mt-2 h-4 w-full max-w-xl overflow-hidden rounded bg-surface ring-1 ring-line"
      >
        <div className="h-full bg-primary transition-[width]" style={{ width: `${percent}%` }} />
      </div>
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
    </div>
  );
}
