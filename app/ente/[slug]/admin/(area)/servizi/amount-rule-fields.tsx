'use client';

import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { LabelledField } from '@/app/_components/labelled-field';
import type { AmountRule } from '@/lib/catalogue/amount-rule';
import type { ServiceFormValues } from '@/lib/catalogue/service-schema';
import { EuroInput } from './euro-input';
import { errorAt, inputClass } from './error-at';

const DEFAULTS: Record<AmountRule['kind'], AmountRule> = {
  fixed: { kind: 'fixed', cents: 1000 },
  range: { kind: 'range', minCents: 100, maxCents: 100_000 },
  unit: { kind: 'unit', unitCents: 500, unitLabel: 'pasto', minQuantity: 1, maxQuantity: 30 },
};

const KIND_LABELS: Record<AmountRule['kind'], string> = {
  fixed: 'Importo fisso',
  unit: 'Prezzo per unità (il cittadino sceglie la quantità)',
  range: 'Importo libero entro dei limiti',
};

/** The amount rule: its kind, then the euro amounts or quantities that kind needs. */
export function AmountRuleFields() {
  const { control, register, setValue, formState } = useFormContext<ServiceFormValues>();
  const rule = useWatch({ control, name: 'amountRule' });
  const error = (path: string) => errorAt(formState.errors, path ? `amountRule.${path}` : 'amountRule');
  const euro = (name: 'cents' | 'minCents' | 'maxCents' | 'unitCents', label: string) => (
    <LabelledField id={`importo-${name}`} label={label} error={error(name)}>
      <Controller
        control={control}
        name={`amountRule.${name}` as 'amountRule.cents'}
        render={({ field }) => (
          <EuroInput key={rule.kind} id={`importo-${name}`} value={field.value} onChange={field.onChange} invalid={Boolean(error(name))} />
        )}
      />
    </LabelledField>
  );
  const quantity = (name: 'minQuantity' | 'maxQuantity', label: string) => (
    <LabelledField id={`importo-${name}`} label={label} error={error(name)}>
      <input
        id={`importo-${name}`}
        type="number"
        inputMode="numeric"
        className={`${inputClass} max-w-32`}
        aria-invalid={Boolean(error(name))}
        {...register(`amountRule.${name}` as 'amountRule.cents', { valueAsNumber: true })}
      />
    </LabelledField>
  );

  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-xl font-bold">Importo</legend>
      <fieldset>
        <legend className="mb-1 font-semibold">Come si decide l&apos;importo</legend>
        {(Object.keys(KIND_LABELS) as AmountRule['kind'][]).map((kind) => (
          <label key={kind} className="flex min-h-11 items-center gap-2">
            <input
              type="radio"
              name="tipo-importo"
              className="size-5"
              checked={rule.kind === kind}
              onChange={() => setValue('amountRule', DEFAULTS[kind], { shouldDirty: true, shouldValidate: true })}
            />
            {KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      {rule.kind === 'fixed' && euro('cents', 'Importo (€)')}
      {rule.kind === 'range' && (
        <>
          {euro('minCents', 'Importo minimo (€)')}
          {euro('maxCents', 'Importo massimo (€)')}
        </>
      )}
      {rule.kind === 'unit' && (
        <>
          {euro('unitCents', 'Prezzo di una unità (€)')}
          <LabelledField id="importo-unitLabel" label="Nome dell'unità" help="Per esempio: pasto, corsa, ora." error={error('unitLabel')}>
            <input
              id="importo-unitLabel"
              className={`${inputClass} max-w-64`}
              aria-invalid={Boolean(error('unitLabel'))}
              {...register('amountRule.unitLabel' as 'amountRule.kind')}
            />
          </LabelledField>
          {quantity('minQuantity', 'Quantità minima')}
          {quantity('maxQuantity', 'Quantità massima')}
        </>
      )}
      {error('') && <p className="font-semibold text-danger">{error('')}</p>}
    </fieldset>
  );
}
