'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { LabelledField, LabelledInput } from './labelled-field';
import { StatusMessage } from './status-message';
import type { ActionResult } from '@/lib/actions/result';

export type StepField =
  | { name: string; label: string; kind: 'text' | 'date' | 'email' | 'tel'; help?: string; optional?: boolean; defaultValue?: string }
  | { name: string; label: string; kind: 'textarea'; help?: string; optional?: boolean }
  | { name: string; label: string; kind: 'select'; options: { value: string; label: string }[]; defaultValue?: string; help?: string }
  | { name: string; label: string; kind: 'file'; accept: string; help?: string }
  | { name: string; label: string; kind: 'checkbox' };

const CONTROL = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

/**
 * One step of an adhesion file (or the Ente's disdetta): its fields, read from the form and sent to a server
 * action with the fixed values; the action's zod schema checks them and answers per-field messages. On
 * success the page is reloaded from the server, so the file shows the new state.
 */
export function StepForm({
  action,
  fixed,
  fields,
  submitLabel,
  successText,
  danger = false,
}: {
  action: (input: never) => Promise<ActionResult<unknown>>;
  fixed: Record<string, string>;
  fields: StepField[];
  submitLabel: string;
  successText: string;
  danger?: boolean;
}) {
  const prefix = useId();
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input: Record<string, unknown> = { ...fixed };
    for (const field of fields) {
      if (field.kind === 'checkbox') input[field.name] = form.get(field.name) === 'on';
      else if (field.kind === 'file') {
        const file = form.get(field.name);
        input[field.name] = file instanceof File && file.size > 0 ? file : undefined;
      } else input[field.name] = form.get(field.name) ?? '';
    }
    setMessage(undefined);
    startTransition(async () => {
      // Each action's zod schema, on the server, is what types and checks the input.
      const result = await action(input as never);
      setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      setMessage(result.ok ? { ok: true, text: successText } : { ok: false, text: result.error });
      if (result.ok) {
        (event.target as HTMLFormElement).reset();
        router.refresh();
      }
    });
  };

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-3 max-w-2xl space-y-4">
      <StatusMessage message={message} />
      {fields.map((field) => {
        const id = `${prefix}-${field.name}`;
        // Keyed by the value the server now holds, so that a control remounts with it after the refresh.
        const key = `${field.name}:${'defaultValue' in field ? field.defaultValue : ''}`;
        const error = fieldErrors[field.name];
        if (field.kind === 'checkbox') {
          return (
            <div key={key} className="flex items-start gap-3">
              <input id={id} name={field.name} type="checkbox" className="mt-1 h-6 w-6" />
              <label htmlFor={id}>{field.label}</label>
            </div>
          );
        }
        if (field.kind === 'select' || field.kind === 'textarea' || field.kind === 'file') {
          const describedBy = [field.help && `${id}-aiuto`, error && `${id}-errore`].filter(Boolean).join(' ') || undefined;
          const common = { id, name: field.name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy };
          return (
            <LabelledField
              key={key}
              id={id}
              label={field.label}
              help={field.help}
              error={error}
              required={field.kind !== 'textarea' || !field.optional}
            >
              {field.kind === 'select' ? (
                <select {...common} defaultValue={field.defaultValue} className={CONTROL}>
                  {field.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : field.kind === 'textarea' ? (
                <textarea {...common} rows={3} className={`${CONTROL} py-2`} />
              ) : (
                <input {...common} type="file" accept={field.accept} className="block w-full text-lg" />
              )}
            </LabelledField>
          );
        }
        return (
          <LabelledInput
            key={key}
            id={id}
            name={field.name}
            type={field.kind}
            label={field.label}
            help={field.help}
            optional={field.optional}
            defaultValue={field.defaultValue}
            error={error}
          />
        );
      })}
      <button type="submit" disabled={pending} className={`${danger ? 'btn-outline' : 'btn-primary'} disabled:opacity-60`}>
        {pending ? 'Invio…' : submitLabel}
      </button>
    </form>
  );
}
