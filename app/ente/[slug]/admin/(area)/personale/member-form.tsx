'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { StatusMessage } from '@/app/_components/status-message';
import type { EnteRole } from '@/lib/auth/users';
import { removeStaffMember, updateStaffMember } from '@/lib/staff/actions';
import { updateStaffInput, type UpdateStaffData, type UpdateStaffInput } from '@/lib/staff/schemas';
import { RoleFields, type ScopeChoice } from './role-fields';

interface Member {
  userId: string;
  fullName: string;
  role: EnteRole;
  serviceIds: string[];
}

/** One member's role and scope, and their removal (confirmed, since it takes effect at once). */
export function MemberForm({
  member,
  services,
  roleLabels,
  isSelf,
}: {
  member: Member;
  services: ScopeChoice[];
  roleLabels: Record<EnteRole, string>;
  isSelf: boolean;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const { control, watch, handleSubmit } = useForm<UpdateStaffInput, unknown, UpdateStaffData>({
    resolver: zodResolver(updateStaffInput),
    defaultValues: { userId: member.userId, role: member.role, serviceIds: member.serviceIds },
  });

  const run = (work: () => Promise<{ ok: true } | { ok: false; error: string }>, success: string) =>
    startTransition(async () => {
      setMessage(undefined);
      const result = await work();
      setMessage(result.ok ? { ok: true, text: success } : { ok: false, text: result.error });
      if (result.ok) router.refresh();
    });

  const onSubmit = handleSubmit((values) => run(() => updateStaffMember(values), 'Modifiche salvate.'));
  const onRemove = () => {
    const who = isSelf ? 'te stesso' : member.fullName;
    if (!window.confirm(`Rimuovere ${who} dal personale? L’accesso al back office cessa subito.`)) return;
    run(() => removeStaffMember({ userId: member.userId }), 'Persona rimossa dal personale.');
  };

  const prefix = `membro-${member.userId}`;
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4">
      <StatusMessage message={message} />
      <RoleFields idPrefix={prefix} control={control} role={watch('role')} services={services} roleLabels={roleLabels} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
          Salva
        </button>
        <button type="button" disabled={pending} onClick={onRemove} className="btn-outline disabled:opacity-60">
          Rimuovi dal personale
        </button>
      </div>
    </form>
  );
}
