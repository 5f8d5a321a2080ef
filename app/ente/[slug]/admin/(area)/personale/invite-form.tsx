'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { FormAlert } from '@/app/_components/form-alert';
import { LabelledInput } from '@/app/_components/labelled-field';
import { inviteStaffMember } from '@/lib/staff/actions';
import { inviteStaffInput, type InviteStaffData, type InviteStaffInput } from '@/lib/staff/schemas';
import { RoleFields, type ScopeChoice } from './role-fields';

const EMPTY: InviteStaffInput = { fiscalCode: '', fullName: '', email: '', role: 'ente_operator', serviceIds: [] };

export function InviteForm({ services }: { services: ScopeChoice[] }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    control,
    watch,
    reset,
    handleSubmit,
    setError: setFieldError,
    formState: { errors },
  } = useForm<InviteStaffInput, unknown, InviteStaffData>({ resolver: zodResolver(inviteStaffInput), defaultValues: EMPTY });

  const onSubmit = handleSubmit((values) => {
    setError(undefined);
    setDone(undefined);
    startTransition(async () => {
      const result = await inviteStaffMember(values);
      if (!result.ok) {
        for (const [name, text] of Object.entries(result.fieldErrors ?? {}))
          setFieldError(name as keyof InviteStaffInput, { message: text });
        setError(result.error);
        return;
      }
      setDone(`${values.fullName} è stato aggiunto: può accedere con SPID o CIE.`);
      reset(EMPTY);
      router.refresh();
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-2xl space-y-5">
      <FormAlert message={error} />
      {done && (
        <p role="status" className="rounded border-l-4 border-success bg-green-50 px-4 py-3 font-semibold text-success">
          {done}
        </p>
      )}
      <LabelledInput
        id="invito-cf"
        label="Codice fiscale"
        help="16 caratteri: è l’identità con cui la persona accede con SPID o CIE."
        autoComplete="off"
        error={errors.fiscalCode?.message}
        {...register('fiscalCode')}
      />
      <LabelledInput id="invito-nome" label="Nome e cognome" error={errors.fullName?.message} {...register('fullName')} />
      <LabelledInput id="invito-email" label="E-mail" type="email" optional error={errors.email?.message} {...register('email')} />
      <RoleFields idPrefix="invito" control={control} role={watch('role')} services={services} error={errors.role?.message} />
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Aggiunta…' : 'Aggiungi al personale'}
      </button>
    </form>
  );
}
