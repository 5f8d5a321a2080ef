'use client';

import { useEffect, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { LabelledField, LabelledInput } from '@/app/_components/labelled-field';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { counterPositionSchema, type CounterPositionInput } from '@/lib/positions/counter-schema';
import { createCounterPositionAction } from '@/lib/positions/staff-actions';

type ServiceChoice = { id: string; title: string; amountKind: 'fixed' | 'range' | 'unit'; amountText: string };
type Created = { positionId: string; noticeNumber: string; avvisoUrl: string };

const CONTROL = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

/** The counter form: the same schema checks it here and in the action; the service's amount rule is the server's. */
export function CounterPositionForm({ services }: { services: ServiceChoice[] }) {
  const [created, setCreated] = useState<Created>();
  const [failure, setFailure] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    watch,
    reset,
    setValue,
    formState: { errors },
  } = useForm<CounterPositionInput>({
    resolver: zodResolver(counterPositionSchema),
    defaultValues: {
      requestId: '',
      serviceId: services[0]!.id,
      debtorType: 'F',
      debtorFiscalCode: '',
      debtorName: '',
      debtorEmail: '',
      amount: '',
      quantity: '',
      causale: '',
      dueDate: '',
    },
  });
  // A fresh request id for each new position, made in the browser (not at render: server and client would differ).
  useEffect(() => {
    if (!created) setValue('requestId', crypto.randomUUID());
  }, [created, setValue]);
  const service = services.find((s) => s.id === watch('serviceId')) ?? services[0]!;

  const onSubmit = handleSubmit((values) => {
    setFailure(undefined);
    startTransition(async () => {
      const result = await createCounterPositionAction(values);
      if (result.ok) {
        setCreated(result.data);
        return;
      }
      for (const [name, text] of Object.entries(result.fieldErrors ?? {})) setError(name as keyof CounterPositionInput, { message: text });
      setFailure(result.error);
    });
  });

  if (created)
    return (
      <div role="status" className="mt-6 max-w-2xl rounded border-l-4 border-success bg-green-50 px-4 py-4">
        <p className="text-xl font-bold">Posizione creata: avviso {formatNoticeNumber(created.noticeNumber)}</p>
        <p className="mt-4 flex flex-wrap gap-3">
          <a className="btn-primary" href={created.avvisoUrl} target="_blank" rel="noopener">
            Stampa l’avviso di pagamento (PDF)
          </a>
          <a className="btn-outline" href={`/admin/posizioni/${created.positionId}`}>
            Apri la posizione
          </a>
          <button
            type="button"
            className="btn-outline"
            onClick={() => {
              reset();
              setCreated(undefined);
            }}
          >
            Crea un’altra posizione
          </button>
        </p>
      </div>
    );

  const field = (
    name: keyof CounterPositionInput,
    label: string,
    extra: { help?: string; optional?: boolean; type?: string; inputMode?: 'decimal' | 'numeric' } = {},
  ) => <LabelledInput id={name} label={label} error={errors[name]?.message} {...extra} {...register(name)} />;

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 max-w-2xl space-y-6">
      {failure && (
        <p role="alert" className="rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-semibold text-danger">
          {failure}
        </p>
      )}
      <input type="hidden" {...register('requestId')} />
      <LabelledField id="serviceId" label="Servizio" error={errors.serviceId?.message} help={`Importo: ${service.amountText}.`}>
        <select id="serviceId" className={CONTROL} aria-describedby="serviceId-aiuto" {...register('serviceId')}>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </LabelledField>
      {service.amountKind === 'range' && field('amount', 'Importo in euro', { help: 'Per esempio 25,50.', inputMode: 'decimal' })}
      {service.amountKind === 'unit' && field('quantity', 'Quantità', { inputMode: 'numeric' })}
      <fieldset className="space-y-4">
        <legend className="mb-2 text-xl font-bold">Debitore</legend>
        <LabelledField id="debtorType" label="Tipo di debitore" error={errors.debtorType?.message}>
          <select id="debtorType" className={CONTROL} {...register('debtorType')}>
            <option value="F">Persona fisica</option>
            <option value="G">Persona giuridica (ditta, ente, associazione)</option>
          </select>
        </LabelledField>
        {field('debtorFiscalCode', 'Codice fiscale o partita IVA')}
        {field('debtorName', 'Nome e cognome o ragione sociale')}
        {field('debtorEmail', 'E-mail', { optional: true, type: 'email' })}
      </fieldset>
      {field('causale', 'Causale', { help: 'Compare sull’avviso e sulla ricevuta (al massimo 140 caratteri).' })}
      {field('dueDate', 'Scadenza', { optional: true, type: 'date' })}
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Creazione in corso…' : 'Crea la posizione'}
      </button>
    </form>
  );
}
