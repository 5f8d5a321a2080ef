'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useFieldArray, useForm, type Path, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { LabelledField, LabelledInput } from '@/app/_components/labelled-field';
import { SecretField, errorOf, type StoredSecret } from '@/app/_components/secret-field';
import { StatusMessage } from '@/app/_components/status-message';
import { saveConservazione } from '@/lib/conservazione/actions';
import { conservazioneConfigForm, type ConservazioneFormValues } from '@/lib/conservazione/config-form';
import { CONSERVATORE_LABELS } from '@/lib/conservazione/labels';
import { TIPI_AGGREGAZIONE } from '@/lib/conservazione/settings';

const ID = 'conservazione-';
const CONTROL = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

type TextField = { name: Path<ConservazioneFormValues>; label: string; help?: string; optional?: boolean; type?: string };

const ALLEGATO5_FIELDS: TextField[] = [
  { name: 'settings.tipologiaDocumentale', label: 'Tipologia documentale', help: 'Come la chiama il manuale di conservazione dell’Ente.' },
  {
    name: 'settings.registro',
    label: 'Codice del registro (repertorio)',
    help: 'Da 1 a 16 tra lettere, cifre, «_», «.» e «-». Necessario con ParER; vuoto: le ricevute non sono registrate in un repertorio.',
    optional: true,
  },
  { name: 'settings.aoo.codiceIpa', label: 'Codice IPA dell’AOO', help: 'L’Area Organizzativa Omogenea dell’Ente in IndicePA.' },
  { name: 'settings.aoo.denominazione', label: 'Denominazione dell’AOO' },
];

const CLASSIFICAZIONE_FIELDS: TextField[] = [
  { name: 'settings.classificazione.indice', label: 'Indice di classificazione', help: 'Per esempio 4.3', optional: true },
  { name: 'settings.classificazione.descrizione', label: 'Descrizione della voce', optional: true },
  { name: 'settings.classificazione.piano', label: 'Piano di classificazione', optional: true },
];

const PARER_FIELDS: TextField[] = [
  {
    name: 'parer.url',
    label: 'Indirizzo di SacER',
    help: 'Per esempio https://parer.esempio.it (il servizio è /sacerws/VersamentoSync)',
    type: 'url',
  },
  { name: 'parer.ambiente', label: 'Ambiente' },
  { name: 'parer.ente', label: 'Ente in SacER' },
  { name: 'parer.struttura', label: 'Struttura' },
  { name: 'parer.userId', label: 'Utente versatore', help: 'Lo UserID che ParER ha abilitato al versamento.' },
  { name: 'parer.tipologiaUnitaDocumentaria', label: 'Tipologia dell’unità documentaria' },
  { name: 'parer.tipoDocumentoPrincipale', label: 'Tipo del documento principale' },
  { name: 'parer.tipoDocumentoAllegato', label: 'Tipo dell’allegato (PDF)' },
  {
    name: 'parer.profiloNormativoVersione',
    label: 'Versione del profilo normativo',
    help: 'Quella che ParER ha configurato per la tipologia.',
  },
];

/**
 * The Ente's conservatore and what its receipts' metadata say. The ParER password is write-only: the field is
 * always empty and an empty field keeps the stored one. What was typed for one conservatore stays while
 * another is chosen, until saving.
 */
export function ConservazioneSettingsForm({ initial, password }: { initial: ConservazioneFormValues; password: StoredSecret | undefined }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    watch,
    formState: { errors },
  } = useForm<ConservazioneFormValues>({
    // The schema reads any input (it is the action's too) and its output is what the action takes; the form
    // itself keeps every group (see ConservazioneFormValues).
    resolver: zodResolver(
      conservazioneConfigForm as unknown as z.ZodType<ConservazioneFormValues, ConservazioneFormValues>,
    ) as Resolver<ConservazioneFormValues>,
    defaultValues: initial,
  });
  const aggregazioni = useFieldArray({ control, name: 'settings.aggregazioni' });
  const conservatore = watch('conservatore');

  const onSubmit = handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = await saveConservazione(values as Parameters<typeof saveConservazione>[0]);
      if (result.ok) {
        setValue('parerPassword', '');
        setMessage({ ok: true, text: 'Impostazioni salvate.' });
        router.refresh();
        return;
      }
      for (const [name, text] of Object.entries(result.fieldErrors ?? {}))
        setError(name as Path<ConservazioneFormValues>, { message: text });
      setMessage({ ok: false, text: result.error });
    });
  });

  const input = (field: TextField) => (
    <LabelledInput
      key={field.name}
      id={`${ID}${field.name.replace(/\./g, '-')}`}
      label={field.label}
      help={field.help}
      optional={field.optional}
      type={field.type ?? 'text'}
      error={errorOf(errors, field.name)}
      {...register(field.name)}
    />
  );

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-4 max-w-2xl space-y-8">
      <StatusMessage message={message} />
      <fieldset>
        <legend className="mb-2 text-xl font-bold">Conservatore</legend>
        {(['parer', 'export', 'none'] as const).map((value) => (
          <label key={value} className="flex min-h-11 items-center gap-3">
            <input type="radio" value={value} className="size-5 shrink-0" {...register('conservatore')} />
            {CONSERVATORE_LABELS[value]}
          </label>
        ))}
        {conservatore !== 'none' && (
          <label className="mt-4 flex items-start gap-3">
            <input type="checkbox" className="mt-1 size-5 shrink-0" {...register('enabled')} />
            <span>
              Conservazione attiva
              <span className="block text-sm text-muted">
                Il versamento giornaliero parte solo se è attiva; finché non lo è puoi preparare le impostazioni.
              </span>
            </span>
          </label>
        )}
      </fieldset>

      {conservatore !== 'none' && (
        <>
          <fieldset className="space-y-5">
            <legend className="mb-2 text-xl font-bold">Metadati delle ricevute (Allegato 5)</legend>
            <LabelledInput
              id={`${ID}settings-retentionYears`}
              label="Anni di conservazione"
              help="Il tempo che il manuale di conservazione dell’Ente prevede per le ricevute (10 anni per le scritture contabili)."
              type="number"
              inputMode="numeric"
              min={1}
              max={9999}
              className="sm:max-w-40"
              error={errorOf(errors, 'settings.retentionYears')}
              {...register('settings.retentionYears', { valueAsNumber: true })}
            />
            {ALLEGATO5_FIELDS.map(input)}
            <label className="flex min-h-11 items-center gap-3">
              <input type="checkbox" className="size-5 shrink-0" {...register('settings.riservato')} />
              Le ricevute sono documenti riservati
            </label>
          </fieldset>
          <fieldset className="space-y-5">
            <legend className="mb-2 text-xl font-bold">Classificazione (facoltativa)</legend>
            {CLASSIFICAZIONE_FIELDS.map(input)}
          </fieldset>
          <fieldset className="space-y-5">
            <legend className="mb-2 text-xl font-bold">Aggregazioni (facoltative)</legend>
            {aggregazioni.fields.map((row, index) => (
              <div key={row.id} className="grid gap-3 rounded border border-line p-4 sm:grid-cols-[14rem_1fr]">
                <LabelledField id={`${ID}agg-${index}-tipo`} label={`Tipo dell’aggregazione ${index + 1}`}>
                  <select id={`${ID}agg-${index}-tipo`} className={CONTROL} {...register(`settings.aggregazioni.${index}.tipo`)}>
                    {TIPI_AGGREGAZIONE.map((tipo) => (
                      <option key={tipo} value={tipo}>
                        {tipo}
                      </option>
                    ))}
                  </select>
                </LabelledField>
                <LabelledInput
                  id={`${ID}agg-${index}-id`}
                  label={`Identificativo dell’aggregazione ${index + 1}`}
                  error={errorOf(errors, `settings.aggregazioni.${index}.id`)}
                  {...register(`settings.aggregazioni.${index}.id`)}
                />
                <button
                  type="button"
                  className="btn-outline sm:col-span-2 sm:justify-self-start"
                  onClick={() => aggregazioni.remove(index)}
                >
                  Togli l’aggregazione {index + 1}
                </button>
              </div>
            ))}
            <button type="button" className="btn-outline" onClick={() => aggregazioni.append({ tipo: 'Fascicolo', id: '' })}>
              Aggiungi un’aggregazione
            </button>
          </fieldset>
        </>
      )}

      {conservatore === 'parer' && (
        <fieldset className="space-y-5">
          <legend className="mb-2 text-xl font-bold">Collegamento con ParER (SacER)</legend>
          <p className="text-muted">I valori che ParER ha comunicato all’Ente quando ha configurato il versamento.</p>
          {PARER_FIELDS.map(input)}
          <SecretField
            name="parerPassword"
            label="Password dell’utente versatore"
            stored={password}
            needed
            removable={false}
            idPrefix={ID}
            register={register}
            errors={errors}
          />
        </fieldset>
      )}

      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Salvataggio…' : 'Salva le impostazioni'}
      </button>
    </form>
  );
}
