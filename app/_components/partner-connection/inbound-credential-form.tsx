'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { LabelledInput } from '@/app/_components/labelled-field';
import { StatusMessage } from '@/app/_components/status-message';
import { issueCitInboundCredential, issueEnteInboundCredential } from '@/lib/partners/connection-actions';
import { inboundCredentialInput } from '@/lib/partners/connection-form';
import type { InboundCredentialIssued } from '@/lib/partners/connection-admin';

type Input = z.input<typeof inboundCredentialInput>;

export interface PartnerEndpoint {
  label: string;
  url: string;
}

/**
 * Generates the credential the partner presents when it pushes receipts and flows to us. The secret is
 * shown here once, with the endpoints to configure; the portal keeps only its hash.
 */
export function InboundCredentialForm({
  enteId,
  current,
  endpoints,
}: {
  enteId?: string;
  current: { auth: 'basic' | 'api_key'; principal: string } | null;
  endpoints: PartnerEndpoint[];
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [issued, setIssued] = useState<InboundCredentialIssued>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<Input, unknown, z.output<typeof inboundCredentialInput>>({
    resolver: zodResolver(inboundCredentialInput),
    defaultValues: { auth: current?.auth ?? 'basic', principal: current?.principal ?? 'portale-pagamenti' },
  });

  const onSubmit = handleSubmit((values) => {
    if (current && !window.confirm('Generare una nuova credenziale? Quella attuale smette subito di valere.')) return;
    setMessage(undefined);
    setIssued(undefined);
    startTransition(async () => {
      const result = enteId ? await issueCitInboundCredential({ enteId, credential: values }) : await issueEnteInboundCredential(values);
      if (!result.ok) {
        for (const [name, text] of Object.entries(result.fieldErrors ?? {})) {
          setError(name.replace(/^credential\./, '') as keyof Input, { message: text });
        }
        setMessage({ ok: false, text: result.error });
        return;
      }
      setIssued(result.data);
      router.refresh();
    });
  });

  return (
    <div className="mt-4 max-w-2xl space-y-5">
      {issued ? (
        <div role="status" className="rounded border-l-4 border-success bg-green-50 px-4 py-3 text-green-900">
          <p className="font-semibold">Credenziale generata. Copiala ora: non verrà più mostrata.</p>
          <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
            <dt className="font-semibold">{issued.auth === 'basic' ? 'Nome utente' : 'X-APP-ID'}</dt>
            <dd className="font-mono break-all">{issued.principal}</dd>
            <dt className="font-semibold">{issued.auth === 'basic' ? 'Password' : 'X-API-KEY'}</dt>
            <dd className="font-mono break-all">{issued.secret}</dd>
          </dl>
          <p className="mt-2">Il partner la configura per chiamare:</p>
          <ul className="ml-6 list-disc">
            {endpoints.map((e) => (
              <li key={e.url}>
                {e.label}: <span className="font-mono break-all">{e.url}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <StatusMessage message={message} />
      )}
      <form method="post" onSubmit={onSubmit} noValidate className="space-y-5">
        <fieldset>
          <legend className="mb-2 font-semibold">Come si autentica il partner</legend>
          <label className="flex min-h-11 items-center gap-3">
            <input type="radio" value="basic" className="size-5" {...register('auth')} />
            HTTP Basic (nome utente e password)
          </label>
          <label className="flex min-h-11 items-center gap-3">
            <input type="radio" value="api_key" className="size-5" {...register('auth')} />
            Chiave API (intestazioni X-APP-ID e X-API-KEY)
          </label>
        </fieldset>
        <LabelledInput
          id="credenziale-identificativo"
          label="Nome utente o X-APP-ID"
          help="Da 3 a 64 tra lettere, cifre, ., _ e -. Il segreto lo genera il portale."
          autoComplete="off"
          error={errors.principal?.message}
          {...register('principal')}
        />
        <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
          {pending ? 'Generazione…' : current ? 'Genera una nuova credenziale' : 'Genera la credenziale'}
        </button>
      </form>
    </div>
  );
}
