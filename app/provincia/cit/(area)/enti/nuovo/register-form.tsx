'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { FormAlert } from '@/app/_components/form-alert';
import { LabelledField, LabelledInput } from '@/app/_components/labelled-field';
import { ENTE_KIND_LABELS } from '@/lib/enti/labels';
import { registerEnteForCit } from '@/lib/onboarding/actions';

interface Values {
  name: string;
  kind: 'comune' | 'unione' | 'comunita_montana' | 'altro';
  fiscalCode: string;
  ipaCode: string;
  slug: string;
  population2013: string;
  parentSlug: string;
  sharedReferente: boolean;
}

const FIELDS: {
  name: 'name' | 'fiscalCode' | 'ipaCode' | 'slug' | 'population2013';
  label: string;
  help?: string;
  optional?: boolean;
  inputMode?: 'numeric';
}[] = [
  { name: 'name', label: 'Nome dell’Ente', help: 'Come compare nell’intestazione, es. «Comune di Pratolungo».' },
  { name: 'fiscalCode', label: 'Codice fiscale', help: '11 cifre.', inputMode: 'numeric' },
  { name: 'ipaCode', label: 'Codice IPA', help: 'Es. c_a123.' },
  { name: 'slug', label: 'Sottodominio', help: 'Lettere minuscole, cifre e trattini: sarà l’indirizzo del portale dell’Ente.' },
  {
    name: 'population2013',
    label: 'Abitanti al 31.12.2013',
    help: 'Obbligatorio per i Comuni: determina la quota annuale.',
    optional: true,
    inputMode: 'numeric',
  },
];

/**
 * The registration form. The server action parses the same registration schema the CLI uses (reserved
 * subdomains, fiscal code check digit) and answers per-field messages, shown under each field.
 */
export function RegisterEnteForm({ parents }: { parents: { slug: string; name: string }[] }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError: setFieldError,
    formState: { errors },
  } = useForm<Values>({ defaultValues: { kind: 'comune', sharedReferente: false, parentSlug: '', population2013: '' } });

  const onSubmit = handleSubmit((values) => {
    setError(undefined);
    startTransition(async () => {
      const result = await registerEnteForCit({
        ...values,
        population2013: values.population2013.trim() === '' ? undefined : values.population2013,
        parentSlug: values.parentSlug || undefined,
      });
      if (result.ok) {
        window.location.assign(`/cit/enti/${result.data.id}`);
        return;
      }
      for (const [name, text] of Object.entries(result.fieldErrors ?? {})) setFieldError(name as keyof Values, { message: text });
      setError(result.error);
    });
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-6 max-w-2xl space-y-5">
      <FormAlert message={error} />
      <LabelledField id="kind" label="Tipo di Ente" error={errors.kind?.message}>
        <select id="kind" className="min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg" {...register('kind')}>
          {Object.entries(ENTE_KIND_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </LabelledField>
      {FIELDS.map((field) => (
        <LabelledInput
          key={field.name}
          id={field.name}
          label={field.label}
          help={field.help}
          optional={field.optional}
          inputMode={field.inputMode}
          error={errors[field.name]?.message}
          {...register(field.name)}
        />
      ))}
      <LabelledField id="parentSlug" label="Unione o Comunità Montana di appartenenza" required={false} error={errors.parentSlug?.message}>
        <select id="parentSlug" className="min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg" {...register('parentSlug')}>
          <option value="">Nessuna</option>
          {parents.map((p) => (
            <option key={p.slug} value={p.slug}>
              {p.name}
            </option>
          ))}
        </select>
      </LabelledField>
      <div className="flex items-start gap-3">
        <input id="sharedReferente" type="checkbox" className="mt-1 h-6 w-6" {...register('sharedReferente')} />
        <label htmlFor="sharedReferente">
          Condizione multi-ente: l’Ente condivide il referente unico di progetto con la sua Unione o Comunità Montana (o, per un’Unione o
          Comunità Montana, con i suoi Comuni).
        </label>
      </div>
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Registrazione…' : 'Registra l’Ente'}
      </button>
    </form>
  );
}
