'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { StatusMessage } from '@/app/_components/status-message';
import { LabelledInput } from '@/app/_components/labelled-field';
import type { EnteRole } from '@/lib/auth/users';
import { inviteStaffMember } from '@/lib/staff/actions';
import { inviteStaffInput, type InviteStaffData, type InviteStaffInput } from '@/lib/staff/schemas';
import { RoleFields, type ScopeChoice } from './role-fields';

const EMPTY: InviteStaffInput = { fiscalCode: '', fullName: '', email: '', role: 'ente_operator', serviceIds: [] };

export function InviteForm({ services, roleLabels }: { services: ScopeChoice[]; roleLabels: Record<EnteRole, string> }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    control,
    watch,
    reset,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<InviteStaffInput, unknown, InviteStaffData>({ resolver: zodResolver(inviteStaffInput), defaultValues: EMPTY });

  const onSubmit = handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = await inviteStaffMember(values);
      if (!result.ok) {
        for (const [name, text] of Object.entries(result.fieldErrors ?? {})) setError(name as keyof InviteStaffInput, { message: text });
        setMessage({ ok: false, text: result.error });
        return;
      }
      setMessage({ ok: true, text: `${values.fullName} è stato aggiunto: può accedere con SPID o CIE.` });
      reset(EMPTY);
      router.refresh();
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-2xl space-y-5">
      <StatusMessage message={message} />
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
      <RoleFields
        idPrefix="invito"
        control={control}
        role={watch('role')}
        services={services}
        roleLabels={roleLabels}
        error={errors.role?.message}
      />
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Aggiunta…' : 'Aggiungi al personale'}
      </button>
    </form>
  );
}
