'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { login } from '@/lib/auth/actions';
import { loginSchema, type LoginInput } from '@/lib/auth/schemas';
import { FormAlert } from './form-alert';
import { LabelledInput } from './labelled-field';

export function LoginForm() {
  const [serverError, setServerError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<LoginInput>({ resolver: zodResolver(loginSchema), defaultValues: { email: '', password: '' } });

  const onSubmit = handleSubmit((values) => {
    setServerError(undefined);
    startTransition(async () => {
      const result = await login(values);
      if (result.ok) window.location.assign(result.data.redirectTo);
      else setServerError(result.error);
    });
  });

  return (
    // method="post" on every client form: pressed before the script has loaded, the browser's own submit
    // must not put a password or a fiscal code in the URL (history, logs, Referer).
    <form method="post" onSubmit={onSubmit} noValidate className="mt-6 space-y-5">
      <FormAlert message={serverError} />
      <LabelledInput id="email" label="E-mail" type="email" autoComplete="username" error={errors.email?.message} {...register('email')} />
      <LabelledInput
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...register('password')}
      />
      <button type="submit" disabled={pending} className="btn-primary w-full disabled:opacity-60">
        {pending ? 'Accesso in corso…' : 'Accedi'}
      </button>
    </form>
  );
}
