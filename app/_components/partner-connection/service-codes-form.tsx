'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { StatusMessage } from '@/app/_components/status-message';
import { saveCitServiceCodes, saveEnteServiceCodes } from '@/lib/partners/connection-actions';
import { serviceCodesInput } from '@/lib/partners/connection-form';

type Input = z.input<typeof serviceCodesInput>;

/** The idTipoPendenza of each of the Ente's services at GovPay; empty uses the connection's default. */
export function ServiceCodesForm({
  enteId,
  services,
  defaultCode,
}: {
  enteId?: string;
  services: { id: string; code: string; title: string; partnerServiceCode: string | null; active: boolean }[];
  defaultCode: string | null;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<Input, unknown, z.output<typeof serviceCodesInput>>({
    resolver: zodResolver(serviceCodesInput),
    defaultValues: { codes: services.map((s) => ({ serviceId: s.id, code: s.partnerServiceCode ?? '' })) },
  });

  const onSubmit = handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = enteId ? await saveCitServiceCodes({ enteId, mapping: values }) : await saveEnteServiceCodes(values);
      setMessage(
        result.ok
          ? { ok: true, text: result.data.changed ? `Tipi pendenza salvati (${result.data.changed} modificati).` : 'Nessuna modifica.' }
          : { ok: false, text: result.error },
      );
      if (result.ok) router.refresh();
    });
  });

  if (services.length === 0) return <p className="mt-2">L’Ente non ha ancora servizi nel catalogo.</p>;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
      <StatusMessage message={message} />
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Tipo pendenza di ciascun servizio">
        <table className="w-full min-w-[36rem] border-collapse text-left">
          <thead>
            <tr className="border-b-2 border-line">
              <th scope="col" className="py-2 pr-4">
                Servizio
              </th>
              <th scope="col" className="py-2 pr-4">
                Tipo pendenza (idTipoPendenza)
              </th>
            </tr>
          </thead>
          <tbody>
            {services.map((service, i) => {
              const id = `tipo-pendenza-${service.id}`;
              const error = errors.codes?.[i]?.code?.message;
              return (
                <tr key={service.id} className="border-b border-line align-top">
                  <td className="py-2 pr-4">
                    <label htmlFor={id}>{service.title}</label>
                    <span className="block text-sm text-muted">
                      codice {service.code}
                      {!service.active && ' · non attivo'}
                    </span>
                  </td>
                  <td className="py-2 pr-4">
                    <input type="hidden" {...register(`codes.${i}.serviceId`)} />
                    <input
                      id={id}
                      autoComplete="off"
                      placeholder={defaultCode ?? ''}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-errore` : undefined}
                      className="min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger"
                      {...register(`codes.${i}.code`)}
                    />
                    {error && (
                      <p id={`${id}-errore`} className="mt-1 font-semibold text-danger">
                        {error}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Salvataggio…' : 'Salva i tipi pendenza'}
      </button>
    </form>
  );
}
