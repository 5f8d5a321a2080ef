'use client';

import { startTransition, useActionState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { FormAlert } from '@/app/_components/form-alert';
import { LabelledField, LabelledInput, LabelledTextarea } from '@/app/_components/labelled-field';
import type { FormState } from '@/lib/actions/wrapper';
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD, questionSchema } from '@/lib/questions/schemas';

type Values = Record<'nome' | 'email' | 'enteScelto' | 'ente' | 'domanda', string> & { consenso?: string };

// The token and the honeypot are the server's business.
const browserSchema = questionSchema.omit({ [FORM_TOKEN_FIELD]: true, [HONEYPOT_FIELD]: true });

const CONTROL = 'w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

/**
 * «Domande?». A server action through useActionState, so it works without JavaScript (the page comes
 * back with the outcome, the fields as typed and a new token); with JavaScript the same zod schema checks the fields first.
 */
export function QuestionForm({
  send,
  token,
  enti,
  consentText,
}: {
  send: (state: FormState<{ sent: boolean }> | undefined, form: FormData) => Promise<FormState<{ sent: boolean }>>;
  token: string;
  enti: { slug: string; name: string }[];
  consentText: string;
}) {
  const [state, formAction, pending] = useActionState(send, undefined);
  const {
    register,
    trigger,
    formState: { errors },
  } = useForm<Values>({ resolver: zodResolver(browserSchema) as unknown as Resolver<Values> });
  const server = state && !state.ok ? state : undefined;
  const typed = server?.values ?? {};
  const errorOf = (name: keyof Values) => errors[name]?.message ?? server?.fieldErrors?.[name];

  if (state?.ok)
    return (
      <div role="status" className="mt-6 max-w-3xl rounded border-l-4 border-success bg-green-50 px-4 py-4">
        <p className="text-lg font-bold">Grazie, la tua domanda è arrivata.</p>
        <p className="mt-2">Ti risponderemo all’indirizzo e-mail che hai indicato, di solito entro pochi giorni lavorativi.</p>
      </div>
    );

  const field = (name: keyof Values) => ({
    ...register(name),
    defaultValue: typed[name] ?? '',
    'aria-invalid': errorOf(name) ? true : undefined,
  });

  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        // With JavaScript the fields are checked here first; without, the browser posts to the action and the server checks alone.
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        void trigger().then((valid) => valid && startTransition(() => formAction(form)));
      }}
      noValidate
      className="mt-6 max-w-3xl space-y-5"
    >
      <FormAlert message={server?.error} />
      <input type="hidden" name={FORM_TOKEN_FIELD} value={token} />
      <LabelledInput id="nome" label="Nome e cognome" autoComplete="name" maxLength={140} error={errorOf('nome')} {...field('nome')} />
      <LabelledInput
        id="email"
        label="E-mail"
        type="email"
        autoComplete="email"
        maxLength={254}
        error={errorOf('email')}
        {...field('email')}
      />
      <LabelledField id="enteScelto" label="Il tuo Ente, se aderisce già" required={false}>
        <select id="enteScelto" className={`min-h-12 ${CONTROL}`} {...field('enteScelto')}>
          <option value="">Non è nell’elenco</option>
          {enti.map((e) => (
            <option key={e.slug} value={e.slug}>
              {e.name}
            </option>
          ))}
        </select>
      </LabelledField>
      <LabelledInput
        id="ente"
        label="Ente per cui scrivi"
        help="Per esempio: Comune di Valmora. Lascia vuoto se l’hai scelto sopra."
        optional
        maxLength={200}
        error={errorOf('ente')}
        {...field('ente')}
      />
      <LabelledTextarea id="domanda" label="La tua domanda" rows={6} maxLength={5000} error={errorOf('domanda')} {...field('domanda')} />
      {/* Hidden from people and screen readers: only a robot fills it in. */}
      <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
        <label htmlFor={HONEYPOT_FIELD}>Lascia vuoto questo campo</label>
        <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <div>
        <div className="flex items-start gap-3">
          <input
            id="consenso"
            type="checkbox"
            value="si"
            className="mt-1 size-6 shrink-0"
            aria-invalid={errorOf('consenso') ? true : undefined}
            aria-describedby={errorOf('consenso') ? 'consenso-errore' : undefined}
            {...register('consenso')}
            defaultChecked={typed.consenso === 'si'}
          />
          <label htmlFor="consenso">{consentText}</label>
        </div>
        {errorOf('consenso') && (
          <p id="consenso-errore" className="mt-1 font-semibold text-danger">
            {errorOf('consenso')}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Invio in corso…' : 'Invia la domanda'}
      </button>
    </form>
  );
}
