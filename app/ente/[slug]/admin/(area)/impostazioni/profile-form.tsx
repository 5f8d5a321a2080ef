'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { LabelledInput } from '@/app/_components/labelled-field';
import { updateEnteProfile } from '@/lib/settings/actions';
import { enteProfileInput, type EnteProfileData, type EnteProfileInput } from '@/lib/settings/schemas';
import { StatusMessage } from '@/app/_components/status-message';

type Field = { name: keyof EnteProfileInput; label: string; help?: string; optional?: boolean; type?: string };

const SECTIONS: { title: string; fields: Field[] }[] = [
  {
    title: 'Identità',
    fields: [
      { name: 'name', label: 'Nome dell’Ente', help: 'Come compare nell’intestazione e sugli avvisi.' },
      { name: 'ipaCode', label: 'Codice IPA' },
      { name: 'cbill', label: 'Codice CBILL', help: '5 lettere o cifre: permette il pagamento dall’home banking.', optional: true },
      { name: 'sector', label: 'Settore o ufficio', help: 'Compare sull’avviso sotto il nome dell’Ente.', optional: true },
      { name: 'primaryColor', label: 'Colore principale', help: 'Nel formato #RRGGBB, es. #0066CC.', optional: true },
    ],
  },
  {
    title: 'Contatti',
    fields: [
      { name: 'address', label: 'Indirizzo', optional: true },
      { name: 'email', label: 'E-mail', type: 'email', optional: true },
      { name: 'pec', label: 'PEC', type: 'email', optional: true },
      { name: 'phone', label: 'Telefono', type: 'tel', optional: true },
      { name: 'website', label: 'Sito istituzionale', type: 'url', optional: true },
      { name: 'officeHours', label: 'Orari di apertura', optional: true },
    ],
  },
  {
    title: 'Accredito',
    fields: [{ name: 'iban', label: 'IBAN di accredito', help: 'IBAN italiano di 27 caratteri; gli spazi non contano.', optional: true }],
  },
];

export function ProfileForm({ initial }: { initial: EnteProfileInput }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<EnteProfileInput, unknown, EnteProfileData>({ resolver: zodResolver(enteProfileInput), defaultValues: initial });

  const onSubmit = handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = await updateEnteProfile(values);
      if (result.ok) {
        setMessage({ ok: true, text: 'Dati salvati: il portale e i nuovi avvisi li mostrano già.' });
        router.refresh();
        return;
      }
      for (const [name, text] of Object.entries(result.fieldErrors ?? {})) setError(name as keyof EnteProfileInput, { message: text });
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
              id={`profilo-${field.name}`}
              label={field.label}
              help={field.help}
              optional={field.optional}
              type={field.type ?? 'text'}
              error={errors[field.name]?.message}
              {...register(field.name)}
            />
          ))}
        </fieldset>
      ))}
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Salvataggio…' : 'Salva il profilo'}
      </button>
    </form>
  );
}
