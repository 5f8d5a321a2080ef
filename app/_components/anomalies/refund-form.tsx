'use client';

import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { FormAlert } from '@/app/_components/form-alert';
import { LabelledField, LabelledInput, LabelledTextarea } from '@/app/_components/labelled-field';
import { recordRefund } from '@/lib/anomalies/actions';
import { REFUND_METHOD_LABELS, REFUND_METHODS, recordRefundSchema, type RecordRefundInput } from '@/lib/anomalies/schemas';

const CONTROL = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

/** The refund of an anomaly's money; once recorded the page shows it and the anomaly is resolved. */
export function RefundForm({ anomalyId, suggestedAmount }: { anomalyId: string; suggestedAmount: string }) {
  const [serverError, setServerError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<RecordRefundInput>({
    resolver: zodResolver(recordRefundSchema),
    defaultValues: { id: anomalyId, modalita: 'bonifico', riferimento: '', importo: suggestedAmount, data: '', nota: '' },
  });

  const onSubmit = handleSubmit((values) => {
    setServerError(undefined);
    startTransition(async () => {
      const result = await recordRefund(values);
      if (result.ok) {
        setDone(result.data === 'recorded' ? 'Rimborso registrato: l’anomalia è risolta.' : 'Un collega aveva già risolto l’anomalia.');
        return;
      }
      setServerError(result.error);
      for (const [field, message] of Object.entries(result.fieldErrors ?? {}))
        setError(field as keyof RecordRefundInput, { type: 'server', message });
    });
  });

  if (done)
    return (
      <p role="status" className="font-semibold">
        {done} <a href={`/admin/anomalie/${anomalyId}`}>Aggiorna la pagina</a>
      </p>
    );
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
      <FormAlert message={serverError} />
      <input type="hidden" {...register('id')} />
      <LabelledField id="modalita" label="Come è stato restituito il denaro" error={errors.modalita?.message}>
        <select
          id="modalita"
          aria-invalid={errors.modalita ? true : undefined}
          aria-describedby={errors.modalita ? 'modalita-errore' : undefined}
          className={CONTROL}
          {...register('modalita')}
        >
          {REFUND_METHODS.map((method) => (
            <option key={method} value={method}>
              {REFUND_METHOD_LABELS[method]}
            </option>
          ))}
        </select>
      </LabelledField>
      <LabelledInput
        id="riferimento"
        label="Riferimento del rimborso"
        help="CRO o TRN del bonifico, o il riferimento dello storno del PSP (al massimo 35 caratteri)"
        maxLength={35}
        autoComplete="off"
        error={errors.riferimento?.message}
        {...register('riferimento')}
      />
      <LabelledInput
        id="importo"
        label="Importo restituito (€)"
        help="Per esempio 12,50"
        inputMode="decimal"
        error={errors.importo?.message}
        {...register('importo')}
      />
      <LabelledInput id="data" label="Data del rimborso" type="date" error={errors.data?.message} {...register('data')} />
      <LabelledTextarea id="nota" label="Nota" optional maxLength={2000} error={errors.nota?.message} {...register('nota')} />
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Salvataggio…' : 'Registra il rimborso e risolvi'}
      </button>
    </form>
  );
}
