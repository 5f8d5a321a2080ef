'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { FormAlert } from '@/app/_components/form-alert';
import { LabelledInput } from '@/app/_components/labelled-field';
import { setPasswordFromLink } from '@/lib/auth/actions';
import { newPasswordSchema, type NewPasswordInput } from '@/lib/auth/schemas';

export function NewPasswordForm({ token }: { token: string }) {
  const [serverError, setServerError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<NewPasswordInput>({ resolver: zodResolver(newPasswordSchema), defaultValues: { token, password: '', confirm: '' } });

  const onSubmit = handleSubmit((values) => {
    setServerError(undefined);
    startTransition(async () => {
      const result = await setPasswordFromLink(values);
      if (result.ok) window.location.assign(result.data.redirectTo);
      else setServerError(result.error);
    });
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-6 space-y-5">
      <FormAlert message={serverError ?? errors.token?.message} />
      <input type="hidden" {...register('token')} />
      <LabelledInput
        id="password"
        label="Nuova password"
        help="Almeno 12 caratteri."
        type="password"
        autoComplete="new-password"
        error={errors.password?.message}
        {...register('password')}
      />
      <LabelledInput
        id="confirm"
        label="Ripeti la password"
        type="password"
        autoComplete="new-password"
        error={errors.confirm?.message}
        {...register('confirm')}
      />
      <button type="submit" disabled={pending} className="btn-primary w-full disabled:opacity-60">
        {pending ? 'Salvataggio…' : 'Imposta la password'}
      </button>
    </form>
  );
}
