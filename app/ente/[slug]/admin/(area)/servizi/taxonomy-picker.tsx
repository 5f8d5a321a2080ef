'use client';

import { useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import type { ServiceFormValues } from '@/lib/catalogue/service-schema';
import { findTaxonomyEntry, searchTaxonomy } from '@/lib/catalogue/taxonomy';
import { errorAt, inputClass } from './error-at';

/** The taxonomy code, chosen among pagoPA's codes for Comuni by typing words of the kind of revenue. */
export function TaxonomyPicker() {
  const { control, register, formState } = useFormContext<ServiceFormValues>();
  const selected = useWatch({ control, name: 'taxonomyCode' });
  const [query, setQuery] = useState('');
  const current = findTaxonomyEntry(selected);
  const matches = searchTaxonomy(query);
  const shown = current && !matches.includes(current) ? [current, ...matches] : matches;
  const error = errorAt(formState.errors, 'taxonomyCode');
  return (
    <fieldset aria-describedby={error ? 'tassonomia-errore' : undefined}>
      <legend className="mb-1 font-semibold">Codice tassonomia pagoPA</legend>
      <p className="mb-2 text-sm text-muted">
        Il tipo di entrata secondo pagoPA (tipo ente 01, Comuni). Cerca per parola, per esempio «mense» o «rifiuti».
      </p>
      <label htmlFor="tassonomia-cerca" className="block text-sm font-semibold">
        Cerca nella tassonomia
      </label>
      <input id="tassonomia-cerca" type="search" className={inputClass} value={query} onChange={(e) => setQuery(e.target.value)} />
      <p className="mt-1 text-sm text-muted" aria-live="polite">
        {matches.length === 1 ? '1 codice trovato' : `${matches.length} codici trovati`}
      </p>
      <ul className="mt-2 max-h-72 space-y-1 overflow-y-auto rounded border border-line p-2">
        {shown.map((entry) => (
          <li key={entry.code}>
            <label className="flex min-h-11 items-start gap-2 py-1">
              <input type="radio" value={entry.code} className="mt-1 size-5 shrink-0" {...register('taxonomyCode')} />
              <span>
                <span className="font-mono">{entry.code}</span> {entry.service}
                <span className="block text-sm text-muted">{entry.macroArea}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p id="tassonomia-errore" className="mt-1 font-semibold text-danger">
          {error}
        </p>
      )}
    </fieldset>
  );
}
