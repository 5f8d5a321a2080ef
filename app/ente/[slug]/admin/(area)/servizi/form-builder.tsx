'use client';

import { useState } from 'react';
import { useFieldArray, useFormContext, useWatch, type Path } from 'react-hook-form';
import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { LabelledField } from '@/app/_components/labelled-field';
import type { FormField } from '@/lib/catalogue/form-definition';
import type { ServiceFormValues } from '@/lib/catalogue/service-schema';
import { errorAt, firstErrorUnder, inputClass } from './error-at';

const MAX_FIELDS = 30;

/** The kinds a clerk can choose, in words; `targa` is a licence plate. */
const KIND_LABELS: Record<FormField['kind'], string> = {
  text: 'Testo',
  number: 'Numero',
  date: 'Data',
  select: 'Elenco a scelta',
  codice_fiscale: 'Codice fiscale',
  email: 'E-mail',
  targa: 'Targa',
};

const optionalNumber = { setValueAs: (v: unknown) => (v === '' || v === undefined || v === null ? undefined : Number(v)) };

/** The fields of the citizen's form: add, move up or down, remove, and set each one's checks. */
export function FormBuilder() {
  const { control, formState, getValues } = useFormContext<ServiceFormValues>();
  const { fields, append, remove, move } = useFieldArray({ control, name: 'formDefinition' });
  const [announcement, setAnnouncement] = useState('');
  const rootError = errorAt(formState.errors, 'formDefinition');

  const add = () => {
    // The names as typed so far: useFieldArray's items keep the values they were added with.
    const taken = new Set(getValues('formDefinition').map((f) => f.name));
    let n = fields.length + 1;
    while (taken.has(`campo_${n}`)) n += 1;
    append({ name: `campo_${n}`, label: `Campo ${n}`, kind: 'text', required: false });
    setAnnouncement(`Campo ${n} aggiunto in fondo al modulo.`);
  };

  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-xl font-bold">Modulo per il cittadino</legend>
      <p className="text-muted">
        I dati che il cittadino compila prima di pagare. Il nome tecnico si usa nella causale tra graffe, per esempio {'{alunno}'}.
      </p>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {fields.length === 0 && <p>Il modulo non ha campi: il cittadino indica solo chi paga e l&apos;importo.</p>}
      <ol className="space-y-4">
        {fields.map((item, index) => (
          <li key={item.id}>
            <FieldEditor
              index={index}
              count={fields.length}
              onMove={(to) => {
                move(index, to);
                setAnnouncement(`Campo spostato in posizione ${to + 1} di ${fields.length}.`);
              }}
              onRemove={() => {
                remove(index);
                setAnnouncement(`Campo ${index + 1} rimosso.`);
              }}
            />
          </li>
        ))}
      </ol>
      {rootError && <p className="font-semibold text-danger">{rootError}</p>}
      <button type="button" className="btn-outline" onClick={add} disabled={fields.length >= MAX_FIELDS}>
        <Plus aria-hidden="true" size={18} /> Aggiungi un campo
      </button>
      {fields.length >= MAX_FIELDS && <p className="text-sm text-muted">Un modulo può avere al massimo {MAX_FIELDS} campi.</p>}
    </fieldset>
  );
}

function FieldEditor({
  index,
  count,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { control, register, formState } = useFormContext<ServiceFormValues>();
  const field = useWatch({ control, name: `formDefinition.${index}` });
  const path = (key: keyof FormField) => `formDefinition.${index}.${key}` as Path<ServiceFormValues>;
  const error = (key: keyof FormField) => errorAt(formState.errors, path(key));
  const id = (key: string) => `campo-${index}-${key}`;
  const input = (key: keyof FormField, label: string, options: { help?: string; optional?: boolean; numeric?: boolean } = {}) => (
    <LabelledField id={id(key)} label={label} help={options.help} required={!options.optional} error={error(key)}>
      <input
        id={id(key)}
        inputMode={options.numeric ? 'decimal' : undefined}
        className={inputClass}
        aria-invalid={Boolean(error(key))}
        aria-describedby={[options.help && `${id(key)}-aiuto`, error(key) && `${id(key)}-errore`].filter(Boolean).join(' ') || undefined}
        {...register(path(key), options.numeric ? optionalNumber : undefined)}
      />
    </LabelledField>
  );
  const title = field?.label?.trim() || `Campo ${index + 1}`;

  return (
    <fieldset className="space-y-3 rounded border border-line p-4">
      <legend className="px-1 font-bold">
        Campo {index + 1}: {title}
      </legend>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="btn-outline"
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
          aria-label={`Sposta su «${title}»`}
        >
          <ArrowUp aria-hidden="true" size={18} /> Su
        </button>
        <button
          type="button"
          className="btn-outline"
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
          aria-label={`Sposta giù «${title}»`}
        >
          <ArrowDown aria-hidden="true" size={18} /> Giù
        </button>
        <button type="button" className="btn-outline" onClick={onRemove} aria-label={`Rimuovi «${title}»`}>
          <Trash2 aria-hidden="true" size={18} /> Rimuovi
        </button>
      </div>
      {input('label', 'Etichetta')}
      {input('name', 'Nome tecnico', { help: 'Lettere minuscole, cifre e trattino basso; inizia con una lettera.' })}
      <LabelledField id={id('kind')} label="Tipo" error={error('kind')}>
        <select id={id('kind')} className={inputClass} {...register(path('kind'))}>
          {(Object.keys(KIND_LABELS) as FormField['kind'][]).map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </LabelledField>
      <label className="flex min-h-11 items-center gap-2">
        <input type="checkbox" className="size-5" {...register(path('required'))} /> Obbligatorio
      </label>
      {input('help', 'Aiuto per il cittadino', { optional: true })}
      {field?.kind === 'text' && (
        <>
          {input('max', 'Lunghezza massima', { optional: true, numeric: true })}
          {input('pattern', 'Formato (espressione regolare)', { optional: true, help: 'Per esempio ^[A-Z0-9]{4,12}$' })}
          {input('patternMessage', 'Messaggio se il formato non è rispettato', { optional: true })}
        </>
      )}
      {field?.kind === 'number' && (
        <>
          {input('min', 'Valore minimo', { optional: true, numeric: true })}
          {input('max', 'Valore massimo', { optional: true, numeric: true })}
        </>
      )}
      {field?.kind === 'select' && <OptionsEditor index={index} />}
    </fieldset>
  );
}

/** Options typed one per line; the stored value is the line in lower case with underscores, the label the line itself. */
function OptionsEditor({ index }: { index: number }) {
  const { control, setValue, formState } = useFormContext<ServiceFormValues>();
  const options = useWatch({ control, name: `formDefinition.${index}.options` });
  const [text, setText] = useState((options ?? []).map((o) => o.label).join('\n'));
  const id = `campo-${index}-options`;
  const error = firstErrorUnder(formState.errors, `formDefinition.${index}.options`);
  return (
    <LabelledField id={id} label="Voci dell'elenco" help="Una voce per riga." error={error}>
      <textarea
        id={id}
        rows={4}
        className={`${inputClass} py-2`}
        aria-invalid={Boolean(error)}
        aria-describedby={[`${id}-aiuto`, error && `${id}-errore`].filter(Boolean).join(' ')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const labels = e.target.value
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
          setValue(
            `formDefinition.${index}.options`,
            labels.map((label) => ({ value: optionValue(label, options), label })),
            { shouldDirty: true, shouldValidate: formState.isSubmitted },
          );
        }}
      />
    </LabelledField>
  );
}

/** An existing option keeps its value (positions already carry it); a new one gets a value from its label. */
function optionValue(label: string, existing: FormField['options']): string {
  const kept = existing?.find((o) => o.label === label);
  if (kept) return kept.value;
  return (
    label
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 60) || label.slice(0, 60)
  );
}
