'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { LabelledField, LabelledInput } from '@/app/_components/labelled-field';
import { StatusMessage } from '@/app/_components/status-message';
import { savePartnerContacts } from '@/lib/partners/directory-actions';
import { partnerContactsSchema, type PartnerContactsInput } from '@/lib/partners/directory-schemas';

type Field = { name: Exclude<keyof PartnerContactsInput, 'code' | 'notes'>; label: string; type?: string };

const SECTIONS: { title: string; fields: Field[] }[] = [
  { title: 'Sito', fields: [{ name: 'website', label: 'Sito del partner', type: 'url' }] },
  {
    title: 'Contatto commerciale',
    fields: [
      { name: 'contactName', label: 'Nome o ufficio' },
      { name: 'contactEmail', label: 'E-mail', type: 'email' },
      { name: 'contactPhone', label: 'Telefono', type: 'tel' },
    ],
  },
  {
    title: 'Referente tecnico',
    fields: [
      { name: 'technicalName', label: 'Nome del referente tecnico' },
      { name: 'technicalEmail', label: 'E-mail del referente tecnico', type: 'email' },
      { name: 'technicalPhone', label: 'Telefono del referente tecnico', type: 'tel' },
    ],
  },
];

export function PartnerContactsForm({ initial }: { initial: PartnerContactsInput }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<PartnerContactsInput>({ resolver: zodResolver(partnerContactsSchema), defaultValues: initial });

  const onSubmit = handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = await savePartnerContacts(values);
      if (result.ok) {
        setMessage({ ok: true, text: 'Contatti salvati.' });
        router.refresh();
        return;
      }
      for (const [name, text] of Object.entries(result.fieldErrors ?? {})) setError(name as keyof PartnerContactsInput, { message: text });
      setMessage({ ok: false, text: result.error });
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-2xl space-y-8">
      <StatusMessage message={message} />
      {SECTIONS.map((section) => (
        <fieldset key={section.title} className="space-y-5">
          <legend className="mb-2 text-xl font-bold">{section.title}</legend>
          {section.fields.map((field) => (
            <LabelledInput
              key={field.name}
              id={`partner-${field.name}`}
              label={field.label}
              optional
              type={field.type ?? 'text'}
              error={errors[field.name]?.message}
              {...register(field.name)}
            />
          ))}
        </fieldset>
      ))}
      <LabelledField id="partner-notes" label="Note" required={false} error={errors.notes?.message}>
        <textarea
          id="partner-notes"
          rows={4}
          aria-invalid={errors.notes ? true : undefined}
          aria-describedby={errors.notes ? 'partner-notes-errore' : undefined}
          className="w-full rounded border-2 border-muted bg-white px-3 py-2 text-lg aria-[invalid=true]:border-danger"
          {...register('notes')}
        />
      </LabelledField>
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Salvataggio…' : 'Salva i contatti'}
      </button>
    </form>
  );
}
