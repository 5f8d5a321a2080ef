'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { FormAlert } from '@/app/_components/form-alert';
import { LabelledInput } from '@/app/_components/labelled-field';
import { createApiKeyInput, type CreateApiKeyInput } from '@/lib/api/key-schemas';
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
  } = useForm<CreateApiKeyInput>({ resolver: zodResolver(createApiKeyInput), defaultValues: { label: '' } });

  const onSubmit = handleSubmit((values) => {
    setError(undefined);
    setCreated(undefined);
    startTransition(async () => {
      const result = await createEnteApiKey(values);
      if (!result.ok) {
        if (result.fieldErrors?.label) setFieldError('label', { message: result.fieldErrors.label });
        setError(result.error);
        return;
      }
      setCreated({ label: values.label, key: result.data.key });
      reset({ label: '' });
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
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Creazione…' : 'Crea la chiave'}
      </button>
    </form>
  );
}
