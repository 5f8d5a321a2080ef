'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { FormAlert } from '@/app/_components/form-alert';
import { LabelledTextarea } from '@/app/_components/labelled-field';
import { resolveAnomaly } from '@/lib/anomalies/actions';
import { resolveAnomalySchema, type ResolveAnomalyInput } from '@/lib/anomalies/schemas';

/** The note of what was done, then the anomaly leaves the open list. */
export function ResolveAnomalyForm({ anomalyId }: { anomalyId: string }) {
  const [serverError, setServerError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<ResolveAnomalyInput>({ resolver: zodResolver(resolveAnomalySchema), defaultValues: { id: anomalyId, nota: '' } });
  const fieldId = `nota-${anomalyId}`;

  const onSubmit = handleSubmit((values) => {
    setServerError(undefined);
    startTransition(async () => {
      const result = await resolveAnomaly(values);
      if (!result.ok) setServerError(result.fieldErrors?.nota ?? result.error);
      else setDone(result.data === 'resolved' ? 'Anomalia risolta.' : 'Un collega l’aveva già risolta.');
    });
  });

  if (done)
    return (
      <p role="status" className="font-semibold">
        {done}
      </p>
    );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <FormAlert message={serverError} />
      <input type="hidden" {...register('id')} />
      <LabelledTextarea
        id={fieldId}
        label="Che cosa è stato fatto"
        help="Per esempio: rimborso disposto, abbinata a mano alla posizione…"
        maxLength={2000}
        error={errors.nota?.message}
        {...register('nota')}
      />
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Salvataggio…' : 'Segna come risolta'}
      </button>
    </form>
  );
}
