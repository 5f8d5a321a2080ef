'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { login } from '@/lib/auth/actions';
import { loginSchema, type LoginInput } from '@/lib/auth/schemas';
import { LabelledField } from './labelled-field';

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
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-5">
      {serverError && (
        <p role="alert" className="rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-semibold text-danger">
          {serverError}
        </p>
      )}
      <LabelledField id="email" label="E-mail" error={errors.email?.message}>
        <input
          id="email"
          type="email"
          autoComplete="username"
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? 'email-errore' : undefined}
          className="min-h-12 w-full rounded border-2 border-muted px-3 text-lg"
          {...register('email')}
        />
      </LabelledField>
      <LabelledField id="password" label="Password" error={errors.password?.message}>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? 'password-errore' : undefined}
          className="min-h-12 w-full rounded border-2 border-muted px-3 text-lg"
          {...register('password')}
        />
      </LabelledField>
      <button type="submit" disabled={pending} className="btn-primary w-full disabled:opacity-60">
        {pending ? 'Accesso in corso…' : 'Accedi'}
      </button>
    </form>
  );
}
