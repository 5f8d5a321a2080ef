'use client';

import { useMemo, useState, useTransition } from 'react';
import { useForm, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { CreditCard } from 'lucide-react';
import type { AmountRule } from '@/lib/catalogue/amount-rule';
import type { FormDefinition, FormField } from '@/lib/catalogue/form-definition';
import { buildPaymentFormSchema, type PaymentFormValues } from '@/lib/catalogue/service-form';
import { formatEuro, parseEuroInput } from '@/lib/format/money';
import { enteTextLang, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { payService } from '@/lib/payments/actions';
import { LabelledField } from '@/app/_components/labelled-field';

interface Props {
  code: string;
  formDefinition: FormDefinition;
  amountRule: AmountRule;
  allowAnonymous: boolean;
  /** The back office's live preview: the same form and checks, but submitting starts no payment. */
  preview?: boolean;
  /** The page's language: labels, messages and the schema's errors. */
  locale?: Locale;
}

const inputClass = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

export function PaymentForm({ code, formDefinition, amountRule, allowAnonymous, preview = false, locale = 'it' }: Props) {
  const t = translate(locale, 'PaymentForm');
  const schema = useMemo(
    () => buildPaymentFormSchema({ formDefinition, amountRule, allowAnonymous }, locale),
    [formDefinition, amountRule, allowAnonymous, locale],
  );
  const [serverError, setServerError] = useState<string>();
  const [previewChecked, setPreviewChecked] = useState(false);
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    watch,
    setError,
    formState: { errors, isSubmitted },
  } = useForm<PaymentFormValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      fields: Object.fromEntries(formDefinition.map((f) => [f.name, ''])),
      debtorFiscalCode: '',
      debtorName: '',
      debtorEmail: '',
      amount: '',
      quantity: amountRule.kind === 'unit' ? String(amountRule.minQuantity) : '',
    },
  });

  const quantity = watch('quantity');
  const amount = watch('amount');
  const total =
    amountRule.kind === 'fixed'
      ? amountRule.cents
      : amountRule.kind === 'unit'
        ? /^\d+$/.test(quantity)
          ? Number(quantity) * amountRule.unitCents
          : null
        : parseEuroInput(amount);

  const onSubmit = handleSubmit(
    (values) => {
      setServerError(undefined);
      if (preview) {
        setPreviewChecked(true);
        return;
      }
      startTransition(async () => {
        const result = await payService({ code, values });
        if (result.ok) {
          window.location.assign(result.data.redirectUrl);
          return;
        }
        setServerError(result.error);
        for (const [path, message] of Object.entries(result.fieldErrors ?? {})) setError(path as FieldPath<PaymentFormValues>, { message });
      });
    },
    () => setPreviewChecked(false),
  );

  const fieldError = (name: string): string | undefined =>
    (errors.fields as Record<string, { message?: string }> | undefined)?.[name]?.message;
  const errorCount =
    Object.keys(errors.fields ?? {}).length +
    ['debtorFiscalCode', 'debtorName', 'debtorEmail', 'amount', 'quantity'].filter((k) => k in errors).length;

  return (
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="mt-4 space-y-8"
      aria-describedby={serverError ? 'errore-modulo' : undefined}
    >
      {(serverError || (isSubmitted && errorCount > 0)) && (
        <div id="errore-modulo" role="alert" className="rounded border-l-4 border-danger bg-red-50 px-4 py-3 text-danger">
          <p className="font-semibold">{serverError ?? t('checkFields', { count: errorCount })}</p>
        </div>
      )}

      {formDefinition.length > 0 && (
        <fieldset className="space-y-5">
          <legend className="mb-2 text-xl font-bold">{t('paymentData')}</legend>
          {formDefinition.map((field) => (
            <LabelledField
              key={field.name}
              id={`f-${field.name}`}
              label={field.label}
              required={field.required}
              help={field.help}
              error={fieldError(field.name)}
              locale={locale}
              textLang={enteTextLang(locale)}
            >
              <FieldInput
                field={field}
                id={`f-${field.name}`}
                invalid={Boolean(fieldError(field.name))}
                registration={register(`fields.${field.name}` as FieldPath<PaymentFormValues>)}
                chooseLabel={t('choose')}
              />
            </LabelledField>
          ))}
        </fieldset>
      )}

      <fieldset className="space-y-5">
        <legend className="mb-2 text-xl font-bold">{t('whoPays')}</legend>
        <LabelledField
          id="debtorFiscalCode"
          label={t('debtorId')}
          required={!allowAnonymous}
          error={errors.debtorFiscalCode?.message}
          help={allowAnonymous ? t('debtorIdHelpOptional') : t('debtorIdHelp')}
          locale={locale}
        >
          <input
            id="debtorFiscalCode"
            autoComplete="off"
            className={`${inputClass} uppercase`}
            aria-invalid={Boolean(errors.debtorFiscalCode)}
            {...register('debtorFiscalCode')}
          />
        </LabelledField>
        <LabelledField
          id="debtorName"
          label={t('debtorName')}
          required={!allowAnonymous}
          error={errors.debtorName?.message}
          locale={locale}
        >
          <input
            id="debtorName"
            autoComplete="name"
            className={inputClass}
            aria-invalid={Boolean(errors.debtorName)}
            {...register('debtorName')}
          />
        </LabelledField>
        <LabelledField
          id="debtorEmail"
          label="E-mail"
          required={false}
          error={errors.debtorEmail?.message}
          help={t('emailHelp')}
          locale={locale}
        >
          <input
            id="debtorEmail"
            type="email"
            autoComplete="email"
            className={inputClass}
            aria-invalid={Boolean(errors.debtorEmail)}
            {...register('debtorEmail')}
          />
        </LabelledField>
      </fieldset>

      <fieldset className="space-y-5">
        <legend className="mb-2 text-xl font-bold">{t('amount')}</legend>
        {amountRule.kind === 'range' && (
          <LabelledField
            id="amount"
            label={t('amountLabel')}
            required
            error={errors.amount?.message}
            help={t('amountHelp', { min: formatEuro(amountRule.minCents, locale), max: formatEuro(amountRule.maxCents, locale) })}
            locale={locale}
          >
            <input
              id="amount"
              inputMode="decimal"
              autoComplete="off"
              placeholder="0,00"
              className={`${inputClass} max-w-48`}
              aria-invalid={Boolean(errors.amount)}
              {...register('amount')}
            />
          </LabelledField>
        )}
        {amountRule.kind === 'unit' && (
          <LabelledField
            id="quantity"
            label={t('quantityLabel', { unit: amountRule.unitLabel })}
            required
            error={errors.quantity?.message}
            help={t('quantityHelp', {
              price: formatEuro(amountRule.unitCents, locale),
              unit: amountRule.unitLabel,
              min: amountRule.minQuantity,
              max: amountRule.maxQuantity,
            })}
            locale={locale}
          >
            <input
              id="quantity"
              type="number"
              inputMode="numeric"
              min={amountRule.minQuantity}
              max={amountRule.maxQuantity}
              className={`${inputClass} max-w-32`}
              aria-invalid={Boolean(errors.quantity)}
              {...register('quantity')}
            />
          </LabelledField>
        )}
        <p className="flex items-baseline justify-between gap-4 rounded bg-surface px-4 py-3 text-lg" aria-live="polite">
          <span>{t('total')}</span>
          <strong className="text-2xl">{total !== null && total > 0 ? formatEuro(total, locale) : '—'}</strong>
        </p>
        <p className="text-sm text-muted">{t('fee')}</p>
      </fieldset>

      {preview && previewChecked && (
        <p role="status" className="rounded border-l-4 border-success bg-green-50 px-4 py-3">
          {t('previewValid')}
        </p>
      )}
      <button type="submit" disabled={pending} className="btn-primary w-full text-lg disabled:opacity-60 sm:w-auto">
        <CreditCard aria-hidden="true" size={20} />
        {preview ? t('previewSubmit') : pending ? t('redirecting') : t('submit')}
      </button>
    </form>
  );
}

function FieldInput({
  field,
  id,
  invalid,
  registration,
  chooseLabel,
}: {
  field: FormField;
  id: string;
  invalid: boolean;
  registration: ReturnType<ReturnType<typeof useForm<PaymentFormValues>>['register']>;
  chooseLabel: string;
}) {
  const describedBy = [field.help ? `${id}-aiuto` : null, invalid ? `${id}-errore` : null].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-invalid': invalid, 'aria-describedby': describedBy, ...registration };
  switch (field.kind) {
    case 'select':
      return (
        <select className={inputClass} {...common}>
          <option value="">{chooseLabel}</option>
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'date':
      return <input type="date" className={`${inputClass} max-w-56`} {...common} />;
    case 'number':
      return <input inputMode="decimal" className={`${inputClass} max-w-48`} {...common} />;
    case 'email':
      return <input type="email" autoComplete="email" className={inputClass} {...common} />;
    case 'codice_fiscale':
    case 'targa':
      return <input autoComplete="off" className={`${inputClass} uppercase`} {...common} />;
    case 'text':
      return <input className={inputClass} {...common} />;
  }
}
