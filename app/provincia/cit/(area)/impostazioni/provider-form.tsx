'use client';

import { StatusMessage } from '@/app/_components/status-message';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { LabelledInput } from '@/app/_components/labelled-field';
import { updateProviderProfile } from '@/lib/provider/actions';
import { providerProfileSchema, type ProviderProfileInput } from '@/lib/provider/schemas';

type Field = { name: keyof ProviderProfileInput; label: string; help?: string; optional?: boolean; type?: string };

const SECTIONS: { title: string; fields: Field[] }[] = [
  {
    title: 'Ente gestore',
    fields: [
      { name: 'name', label: 'Nome', help: 'Come compare nell’intestazione, es. «Provincia di Esempio».' },
      { name: 'shortName', label: 'Nome breve', help: 'Per le righe strette, es. «Provincia di Esempio» o «Regione X».' },
      { name: 'fiscalCode', label: 'Codice fiscale', help: '11 cifre.' },
      { name: 'ipaCode', label: 'Codice IPA' },
    ],
  },
  {
    title: 'Centro servizi',
    fields: [
      { name: 'serviceCentreName', label: 'Nome del centro servizi', help: 'Chi assiste gli Enti, es. «Centro Innovazione e Tecnologie».' },
      { name: 'serviceCentreShortName', label: 'Sigla', help: 'Nei ruoli del personale, es. «Amministratore CIT».' },
    ],
  },
  {
    title: 'Aspetto',
    fields: [
      { name: 'coatOfArmsUrl', label: 'Stemma', help: 'Indirizzo dell’immagine (https://… o un percorso del sito).', optional: true },
      { name: 'primaryColor', label: 'Colore principale', help: 'Nel formato #RRGGBB.' },
    ],
  },
  {
    title: 'Contatti',
    fields: [
      { name: 'address', label: 'Sede', optional: true },
      { name: 'email', label: 'E-mail di assistenza', type: 'email', optional: true },
      { name: 'pec', label: 'PEC', type: 'email', optional: true },
      { name: 'phone', label: 'Telefono', type: 'tel', optional: true },
      { name: 'officeHours', label: 'Orari di assistenza', optional: true },
      { name: 'website', label: 'Sito istituzionale', type: 'url', optional: true },
      { name: 'privacyUrl', label: 'Informativa privacy', help: 'Indirizzo della pagina.', type: 'url', optional: true },
    ],
  },
];

export function ProviderForm({ initial }: { initial: ProviderProfileInput }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<ProviderProfileInput>({ resolver: zodResolver(providerProfileSchema), defaultValues: initial });

  const onSubmit = handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = await updateProviderProfile(values);
      if (result.ok) {
        setMessage({ ok: true, text: 'Dati salvati: il portale mostra già i nuovi dati.' });
        return;
      }
      for (const [name, text] of Object.entries(result.fieldErrors ?? {})) setError(name as keyof ProviderProfileInput, { message: text });
      setMessage({ ok: false, text: result.error });
    });
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-6 max-w-2xl space-y-8">
      <StatusMessage message={message} />
      {SECTIONS.map((section) => (
        <fieldset key={section.title} className="space-y-5">
          <legend className="mb-2 text-xl font-bold">{section.title}</legend>
          {section.fields.map((field) => (
            <LabelledInput
              key={field.name}
              id={field.name}
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
        {pending ? 'Salvataggio…' : 'Salva'}
      </button>
    </form>
  );
}
