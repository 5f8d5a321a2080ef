'use client';

import { useState, useTransition } from 'react';
import { FormProvider, useForm, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Save } from 'lucide-react';
import { LabelledField } from '@/app/_components/labelled-field';
import { createServiceAction, updateServiceAction } from '@/lib/catalogue/actions';
import { serviceFormSchema, type ServiceFormData, type ServiceFormValues } from '@/lib/catalogue/service-schema';
import { AmountRuleFields } from './amount-rule-fields';
import { CausalePreview } from './causale-preview';
import { errorAt, inputClass } from './error-at';
import { FormBuilder } from './form-builder';
import { ServicePreview } from './service-preview';
import { TaxonomyPicker } from './taxonomy-picker';
import { TransferSplitFields } from './transfer-split-fields';

type Props = { initial: ServiceFormValues; categories: string[] } & ({ mode: 'create' } | { mode: 'edit'; id: string; version: string });

/** The catalogue editor: the service's texts, amount, causale, taxonomy, IBAN, split among beneficiaries and form, with a live preview. */
export function ServiceEditor(props: Props) {
  const form = useForm<ServiceFormValues, unknown, ServiceFormData>({
    resolver: zodResolver(serviceFormSchema),
    defaultValues: props.initial,
  });
  const { register, handleSubmit, setError, formState } = form;
  const [version, setVersion] = useState(props.mode === 'edit' ? props.version : '');
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string }>();
  const [pending, startTransition] = useTransition();
  const error = (path: string) => errorAt(formState.errors, path);

  const onSubmit = handleSubmit(
    (data) => {
      setOutcome(undefined);
      startTransition(async () => {
        const result =
          props.mode === 'create' ? await createServiceAction(data) : await updateServiceAction({ id: props.id, version, service: data });
        if (result.ok) {
          if ('code' in result.data) {
            window.location.assign(`/admin/servizi/${result.data.code}?creato=1`);
            return;
          }
          setVersion(result.data.version);
          setOutcome({ ok: true, message: 'Modifiche salvate: la pagina del servizio le mostra già.' });
          return;
        }
        setOutcome({ ok: false, message: result.error });
        for (const [path, message] of Object.entries(result.fieldErrors ?? {}))
          setError(path.replace(/^service\./, '') as FieldPath<ServiceFormValues>, { message });
      });
    },
    () => setOutcome({ ok: false, message: 'Controlla i campi segnalati.' }),
  );

  const text = (name: 'title' | 'summary' | 'category' | 'causaleTemplate', label: string, help?: string) => (
    <LabelledField id={`servizio-${name}`} label={label} help={help} error={error(name)}>
      <input
        id={`servizio-${name}`}
        className={inputClass}
        list={name === 'category' ? 'categorie' : undefined}
        aria-invalid={Boolean(error(name))}
        aria-describedby={
          [help && `servizio-${name}-aiuto`, error(name) && `servizio-${name}-errore`].filter(Boolean).join(' ') || undefined
        }
        {...register(name)}
      />
    </LabelledField>
  );

  return (
    <FormProvider {...form}>
      {/* Two siblings, not nested: the preview is a form of its own, the citizen's. */}
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
        <form onSubmit={onSubmit} noValidate className="min-w-0 space-y-10" aria-label="Dati del servizio">
          {outcome && (
            <p
              role={outcome.ok ? 'status' : 'alert'}
              className={`rounded border-l-4 px-4 py-3 font-semibold ${outcome.ok ? 'border-success bg-green-50' : 'border-danger bg-red-50 text-danger'}`}
            >
              {outcome.message}
            </p>
          )}
          <fieldset className="space-y-4">
            <legend className="mb-2 text-xl font-bold">Descrizione</legend>
            {text('title', 'Titolo')}
            {text('summary', 'In breve', 'Una frase sotto il titolo, nel catalogo.')}
            <LabelledField id="servizio-description" label="Descrizione" error={error('description')}>
              <textarea
                id="servizio-description"
                rows={5}
                className={`${inputClass} py-2`}
                aria-invalid={Boolean(error('description'))}
                {...register('description')}
              />
            </LabelledField>
            {text('category', 'Categoria', 'Il gruppo in cui il servizio compare nella pagina dei pagamenti.')}
            <datalist id="categorie">
              {props.categories.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
            {props.mode === 'create' ? (
              <LabelledField
                id="servizio-code"
                label="Codice del servizio"
                help="Compare nell'indirizzo della pagina e presso il partner; non si potrà cambiare. Lettere minuscole, cifre e trattini."
                error={error('code')}
              >
                <input
                  id="servizio-code"
                  className={`${inputClass} font-mono`}
                  autoComplete="off"
                  aria-invalid={Boolean(error('code'))}
                  aria-describedby={['servizio-code-aiuto', error('code') && 'servizio-code-errore'].filter(Boolean).join(' ')}
                  {...register('code')}
                />
              </LabelledField>
            ) : (
              <p>
                Codice del servizio: <span className="font-mono">{props.initial.code}</span>
              </p>
            )}
          </fieldset>

          <AmountRuleFields />

          <fieldset className="space-y-4">
            <legend className="mb-2 text-xl font-bold">Causale e incasso</legend>
            <div>
              {text(
                'causaleTemplate',
                'Modello della causale',
                'Al massimo 140 caratteri. Inserisci i campi del modulo tra graffe: {nome_tecnico}.',
              )}
              <CausalePreview />
            </div>
            <TaxonomyPicker />
            <LabelledField
              id="servizio-iban"
              label="IBAN di accredito del servizio"
              required={false}
              help="Lascialo vuoto per usare l'IBAN dell'ente."
              error={error('iban')}
            >
              <input
                id="servizio-iban"
                className={`${inputClass} font-mono uppercase`}
                autoComplete="off"
                aria-invalid={Boolean(error('iban'))}
                aria-describedby={['servizio-iban-aiuto', error('iban') && 'servizio-iban-errore'].filter(Boolean).join(' ')}
                {...register('iban')}
              />
            </LabelledField>
            <LabelledField
              id="servizio-partnerServiceCode"
              label="Codice del tipo pendenza presso il partner"
              required={false}
              help="Solo se il partner tecnologico (GovPay) chiama questo servizio con un codice diverso dal codice del servizio. Lettere, cifre e - _ ."
              error={error('partnerServiceCode')}
            >
              <input
                id="servizio-partnerServiceCode"
                className={`${inputClass} font-mono`}
                autoComplete="off"
                aria-invalid={Boolean(error('partnerServiceCode'))}
                aria-describedby={['servizio-partnerServiceCode-aiuto', error('partnerServiceCode') && 'servizio-partnerServiceCode-errore']
                  .filter(Boolean)
                  .join(' ')}
                {...register('partnerServiceCode')}
              />
            </LabelledField>
          </fieldset>

          <TransferSplitFields />

          <fieldset className="space-y-4">
            <legend className="mb-2 text-xl font-bold">Chi paga</legend>
            <LabelledField id="servizio-payerInfo" label="Chi può pagare" required={false} error={error('payerInfo')}>
              <textarea id="servizio-payerInfo" rows={3} className={`${inputClass} py-2`} {...register('payerInfo')} />
            </LabelledField>
            <label className="flex min-h-11 items-center gap-2">
              <input type="checkbox" className="size-5" {...register('allowAnonymous')} /> Si può pagare senza indicare il codice fiscale di
              chi paga
            </label>
          </fieldset>

          <FormBuilder />

          <button type="submit" className="btn-primary w-full sm:w-auto" disabled={pending}>
            <Save aria-hidden="true" size={20} />
            {pending ? 'Salvataggio…' : props.mode === 'create' ? 'Crea il servizio' : 'Salva le modifiche'}
          </button>
        </form>
        <div className="min-w-0 lg:sticky lg:top-4 lg:h-fit">
          <ServicePreview />
        </div>
      </div>
    </FormProvider>
  );
}
