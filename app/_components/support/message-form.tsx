'use client';

import { useRef, useState, useTransition } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { FormAlert } from '@/app/_components/form-alert';
import { LabelledField, LabelledInput, LabelledTextarea } from '@/app/_components/labelled-field';
import { ATTACHMENTS_FIELD, ATTACHMENTS_HELP, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '@/lib/support/attachments';
import { SUPPORT_CATEGORY_LABELS, SUPPORT_STATUS_LABELS, type SupportStatus } from '@/lib/support/labels';
import { answerSchema, newRequestSchema, replySchema } from '@/lib/support/schemas';

const CONTROL = 'w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

/** Which message: a new request (with category and subject), the Ente's reply, or the CIT's answer (with the state). */
export type MessageFormKind = 'nuova' | 'risposta' | 'cit';

const SCHEMAS = { nuova: newRequestSchema, risposta: replySchema, cit: answerSchema } as const;
const SUBMIT = { nuova: 'Invia la richiesta', risposta: 'Invia la risposta', cit: 'Invia la risposta' } as const;

type Values = { categoria?: string; oggetto?: string; testo: string; stato?: SupportStatus };

/** The attachments' own check before sending; the server checks again, by their bytes. */
function attachmentsProblem(files: File[]): string | undefined {
  if (files.length > MAX_ATTACHMENTS) return `Puoi allegare al massimo ${MAX_ATTACHMENTS} file per messaggio.`;
  const big = files.find((f) => f.size > MAX_ATTACHMENT_BYTES);
  return big ? `Il file «${big.name}» supera i ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.` : undefined;
}

/**
 * A helpdesk message with its attachments, posted as multipart to a route handler (`action`), which
 * answers with the request's id; then the browser opens `/…/<id>` under `redirectBase`.
 */
export function SupportMessageForm({ kind, action, redirectBase }: { kind: MessageFormKind; action: string; redirectBase: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [serverError, setServerError] = useState<string>();
  const [fileError, setFileError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<Values>({
    resolver: zodResolver(SCHEMAS[kind] as typeof answerSchema) as unknown as Resolver<Values>,
    defaultValues: { categoria: '', oggetto: '', testo: '', stato: 'in_attesa_ente' },
  });

  const onSubmit = handleSubmit(() => {
    const form = new FormData(formRef.current!);
    const files = form.getAll(ATTACHMENTS_FIELD).filter((f): f is File => f instanceof File && f.size > 0);
    const tooMany = attachmentsProblem(files);
    setFileError(tooMany);
    setServerError(undefined);
    if (tooMany) return;
    startTransition(async () => {
      const response = await fetch(action, { method: 'POST', body: form, headers: { accept: 'application/json' } }).catch(() => null);
      const body = (await response?.json().catch(() => null)) as { id?: string; title?: string; errors?: Record<string, string> } | null;
      if (response?.ok && body?.id) {
        window.location.assign(`${redirectBase}/${body.id}`);
        return;
      }
      for (const [name, message] of Object.entries(body?.errors ?? {})) {
        if (name === ATTACHMENTS_FIELD) setFileError(message);
        else setError(name as keyof Values, { message });
      }
      setServerError(body?.title ?? 'Invio non riuscito: controlla la connessione e riprova.');
    });
  });

  const described = (id: string, error: unknown, help = false) =>
    [help && `${id}-aiuto`, error && `${id}-errore`].filter(Boolean).join(' ') || undefined;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate encType="multipart/form-data" className="mt-4 max-w-3xl space-y-5">
      <FormAlert message={serverError} />
      {kind === 'nuova' && (
        <>
          <LabelledField id="categoria" label="Argomento" error={errors.categoria?.message}>
            <select
              id="categoria"
              aria-invalid={errors.categoria ? true : undefined}
              aria-describedby={described('categoria', errors.categoria)}
              className={`min-h-12 ${CONTROL}`}
              {...register('categoria')}
            >
              <option value="">Scegli…</option>
              {Object.entries(SUPPORT_CATEGORY_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </LabelledField>
          <LabelledInput id="oggetto" label="Oggetto" maxLength={200} error={errors.oggetto?.message} {...register('oggetto')} />
        </>
      )}
      <LabelledTextarea
        id="testo"
        label={kind === 'nuova' ? 'Descrivi il problema' : 'Messaggio'}
        help={kind === 'nuova' ? 'Che cosa stavi facendo, che cosa è successo, il codice avviso o la posizione interessata.' : undefined}
        rows={6}
        maxLength={10_000}
        error={errors.testo?.message}
        {...register('testo')}
      />
      <LabelledField id={ATTACHMENTS_FIELD} label="Allegati" required={false} help={ATTACHMENTS_HELP} error={fileError}>
        <input
          id={ATTACHMENTS_FIELD}
          name={ATTACHMENTS_FIELD}
          type="file"
          multiple
          accept=".pdf,.png,.jpg,.jpeg,.txt,.csv,application/pdf,image/png,image/jpeg,text/plain,text/csv"
          aria-invalid={fileError ? true : undefined}
          aria-describedby={described(ATTACHMENTS_FIELD, fileError, true)}
          className="block min-h-11 w-full rounded border border-line p-2"
        />
      </LabelledField>
      {kind === 'cit' && (
        <LabelledField id="stato" label="Stato dopo la risposta" error={errors.stato?.message}>
          <select id="stato" className={`min-h-12 ${CONTROL}`} {...register('stato')}>
            {Object.entries(SUPPORT_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </LabelledField>
      )}
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Invio in corso…' : SUBMIT[kind]}
      </button>
    </form>
  );
}
