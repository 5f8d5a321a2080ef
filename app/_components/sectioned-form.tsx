'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { get, useForm, type DefaultValues, type FieldErrors, type FieldValues, type Path, type UseFormRegister } from 'react-hook-form';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/actions/result';
import { LabelledInput } from './labelled-field';
import { StatusMessage } from './status-message';

export interface FormSection<T extends FieldValues> {
  title: string;
  fields: { name: Path<T>; label: string; help?: string; optional?: boolean; type?: string }[];
}

/**
 * A settings form of text fields grouped in fieldsets (an Ente's profile, the provider's, a partner's
 * contacts): checked in the browser with the server action's own zod schema, saved through the action,
 * its field errors shown beside the fields, the page refreshed after saving. `extra` adds fields that are
 * not plain inputs (a textarea) at the end.
 */
export function SectionedForm<TInput extends FieldValues, TOutput>({
  schema,
  initial,
  sections,
  save,
  idPrefix,
  saved,
  submitLabel,
  className = 'mt-4 max-w-2xl space-y-8',
  extra,
  afterSave,
}: {
  schema: z.ZodType<TOutput, TInput>;
  initial: TInput;
  sections: readonly FormSection<TInput>[];
  save: (values: TOutput) => Promise<ActionResult<unknown>>;
  idPrefix: string;
  saved: string;
  submitLabel: string;
  className?: string;
  extra?: (form: { register: UseFormRegister<TInput>; errors: FieldErrors<TInput> }) => ReactNode;
  /** The values to show once saved, from those sent: write-only fields (secrets) go back to empty. */
  afterSave?: (sent: TInput) => TInput;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    reset,
    formState: { errors },
  } = useForm<TInput, unknown, TOutput>({ resolver: zodResolver(schema), defaultValues: initial as DefaultValues<TInput> });

  const onSubmit = handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = await save(values);
      if (result.ok) {
        if (afterSave) reset(afterSave(getValues()));
        setMessage({ ok: true, text: saved });
        router.refresh();
        return;
      }
      for (const [name, text] of Object.entries(result.fieldErrors ?? {})) setError(name as Path<TInput>, { message: text });
      setMessage({ ok: false, text: result.error });
    });
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate className={className}>
      <StatusMessage message={message} />
      {sections.map((section) => (
        <fieldset key={section.title} className="space-y-5">
          <legend className="mb-2 text-xl font-bold">{section.title}</legend>
          {section.fields.map((field) => (
            <LabelledInput
              key={field.name}
              id={`${idPrefix}${field.name}`}
              label={field.label}
              help={field.help}
              optional={field.optional}
              type={field.type ?? 'text'}
              error={(get(errors, field.name) as { message?: string } | undefined)?.message}
              {...register(field.name)}
            />
          ))}
        </fieldset>
      ))}
      {extra?.({ register, errors })}
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Salvataggio…' : submitLabel}
      </button>
    </form>
  );
}
