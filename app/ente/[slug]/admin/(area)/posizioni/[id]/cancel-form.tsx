'use client';

import { StatusMessage } from '@/app/_components/status-message';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { LabelledTextarea } from '@/app/_components/labelled-field';
import { cancelPositionSchema, type CancelPositionInput } from '@/lib/positions/cancel-schema';
import { cancelPositionAction } from '@/lib/positions/staff-actions';

/** Cancelling asks for the reason first; the server refuses a paid position and records who and why. */
export function CancelPositionForm({ positionId }: { positionId: string }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<CancelPositionInput>({ resolver: zodResolver(cancelPositionSchema), defaultValues: { positionId, reason: '' } });

  const onSubmit = handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = await cancelPositionAction(values);
      if (result.ok) {
        setMessage({ ok: true, text: 'Posizione annullata.' });
        router.refresh();
        return;
      }
      if (result.fieldErrors?.reason) setError('reason', { message: result.fieldErrors.reason });
      setMessage({ ok: false, text: result.error });
    });
  });

  const error = errors.reason?.message;
  return (
    <section aria-labelledby="annulla" className="mt-10 max-w-2xl rounded border border-line p-4">
      <h2 id="annulla" className="text-2xl font-bold">
        Annulla la posizione
      </h2>
      <p className="mt-2">Dopo l’annullamento l’avviso non si può più pagare. Una posizione già pagata non si può annullare.</p>
      <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
        <StatusMessage message={message} />
        <LabelledTextarea
          id="reason"
          label="Motivo dell’annullamento"
          help="Resta nella storia della posizione e nel registro delle operazioni."
          maxLength={300}
          error={error}
          {...register('reason')}
        />
        <button type="submit" className="btn-primary" disabled={pending || message?.ok}>
          {pending ? 'Annullamento in corso…' : 'Annulla la posizione'}
        </button>
      </form>
    </section>
  );
}
