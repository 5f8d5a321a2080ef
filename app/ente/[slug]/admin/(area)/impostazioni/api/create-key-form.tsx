'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { FormAlert } from '@/app/_components/form-alert';
import { LabelledInput } from '@/app/_components/labelled-field';
import { createApiKeyInput, type CreateApiKeyInput } from '@/lib/api/key-schemas';
import { API_SCOPE_LABELS, API_SCOPES, DEFAULT_API_SCOPES } from '@/lib/api/scopes';
import { createEnteApiKey } from '@/lib/settings/actions';

/** Creates a key and shows it this once: it is stored only as a hash and cannot be shown again. */
export function CreateKeyForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ label: string; key: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    reset,
    setError: setFieldError,
    formState: { errors },
  } = useForm<CreateApiKeyInput>({
    resolver: zodResolver(createApiKeyInput),
    defaultValues: { label: '', scopes: [...DEFAULT_API_SCOPES] },
  });

  const onSubmit = handleSubmit((values) => {
    setError(undefined);
    setCreated(undefined);
    startTransition(async () => {
      const result = await createEnteApiKey(values);
      if (!result.ok) {
        if (result.fieldErrors?.label) setFieldError('label', { message: result.fieldErrors.label });
        if (result.fieldErrors?.scopes) setFieldError('scopes', { message: result.fieldErrors.scopes });
        setError(result.error);
        return;
      }
      setCreated({ label: values.label, key: result.data.key });
      reset({ label: '', scopes: [...DEFAULT_API_SCOPES] });
      router.refresh();
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-2xl space-y-5">
      <FormAlert message={error} />
      {created && (
        <div role="status" className="rounded border-l-4 border-success bg-green-50 px-4 py-3">
          <p className="font-semibold">Chiave «{created.label}» creata. Copiala ora: non sarà più mostrata.</p>
          <label htmlFor="chiave-creata" className="mt-2 block font-semibold">
            Chiave
          </label>
          <input
            id="chiave-creata"
            readOnly
            value={created.key}
            onFocus={(e) => e.currentTarget.select()}
            className="min-h-12 w-full rounded border-2 border-muted bg-white px-3 font-mono"
          />
        </div>
      )}
      <LabelledInput
        id="chiave-nome"
        label="A cosa serve"
        help="Per riconoscerla nell’elenco, es. «Gestionale mensa»."
        error={errors.label?.message}
        {...register('label')}
      />
      <fieldset aria-describedby={errors.scopes ? 'chiave-ambiti-errore' : undefined}>
        <legend className="mb-1 font-semibold">Che cosa può fare</legend>
        {API_SCOPES.map((scope) => (
          <label key={scope} className="flex min-h-11 items-center gap-3">
            <input type="checkbox" value={scope} className="size-5 shrink-0" {...register('scopes')} />
            {API_SCOPE_LABELS[scope]}
          </label>
        ))}
        {errors.scopes && (
          <p id="chiave-ambiti-errore" className="mt-1 font-semibold text-danger">
            {errors.scopes.message}
          </p>
        )}
      </fieldset>
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Creazione…' : 'Crea la chiave'}
      </button>
    </form>
  );
}
