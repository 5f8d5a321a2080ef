'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { LabelledInput } from '@/app/_components/labelled-field';
import { replaceEntePartnerSecret } from '@/lib/settings/actions';
import { partnerSecretInput } from '@/lib/settings/schemas';
import { StatusMessage } from '@/app/_components/status-message';

type Input = z.input<typeof partnerSecretInput>;

/** Paste the partner's secret, or leave the field empty to have a new one generated. Nothing is shown back. */
export function PartnerSecretForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<Input, unknown, z.output<typeof partnerSecretInput>>({
    resolver: zodResolver(partnerSecretInput),
    defaultValues: { secret: '' },
  });

  const onSubmit = handleSubmit((values) => {
    const what = values.secret
      ? 'Sostituire il segreto con quello inserito?'
      : 'Generare un nuovo segreto? Quello attuale smette subito di valere.';
    if (!window.confirm(what)) return;
    setMessage(undefined);
    startTransition(async () => {
      const result = await replaceEntePartnerSecret({ secret: values.secret ?? '' });
      reset({ secret: '' });
      setMessage(result.ok ? { ok: true, text: 'Segreto sostituito.' } : { ok: false, text: result.error });
      if (result.ok) router.refresh();
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-2xl space-y-5">
      <StatusMessage message={message} />
      <LabelledInput
        id="segreto-partner"
        label="Nuovo segreto"
        help="Quello fornito dal partner (da 32 a 200 caratteri). Lascia vuoto per generarne uno nuovo."
        type="password"
        autoComplete="off"
        optional
        error={errors.secret?.message}
        {...register('secret')}
      />
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        Sostituisci il segreto
      </button>
    </form>
  );
}
