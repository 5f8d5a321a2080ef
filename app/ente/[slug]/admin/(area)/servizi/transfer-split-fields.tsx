'use client';

import { useState } from 'react';
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { Plus, Trash2 } from 'lucide-react';
import { LabelledField } from '@/app/_components/labelled-field';
import { formatEuro } from '@/lib/format/money';
import {
  parsePercentInput,
  shareFromForm,
  transferShareSchema,
  type ServiceFormValues,
  type TransferShareForm,
} from '@/lib/catalogue/service-schema';
import { MAX_SHARES, shareAmounts } from '@/lib/positions/transfers';
import { EuroInput } from './euro-input';
import { errorAt, inputClass } from './error-at';

const EMPTY_SHARE: TransferShareForm = {
  fiscalCodePA: '',
  companyName: '',
  iban: '',
  category: '',
  remittanceInformation: '',
  kind: 'percent',
  basisPoints: undefined,
  fixedCents: undefined,
};

/** Without an amount of its own (range, unit), the preview splits this example. */
const EXAMPLE_CENTS = 10_000;

/** A percentage typed as «12,5», held by the form in basis points; anything unreadable becomes NaN for zod to refuse. */
function PercentInput({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: number | undefined;
  onChange: (bp: number) => void;
  invalid: boolean;
}) {
  const [text, setText] = useState(
    value !== undefined && Number.isInteger(value) ? (value / 100).toLocaleString('it-IT', { maximumFractionDigits: 2 }) : '',
  );
  return (
    <input
      id={id}
      inputMode="decimal"
      autoComplete="off"
      className={`${inputClass} max-w-32`}
      aria-invalid={invalid}
      aria-describedby={invalid ? `${id}-errore` : undefined}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parsePercentInput(e.target.value));
      }}
    />
  );
}

/** How an example amount would be split, with the shares filled in correctly so far. */
function SplitPreview() {
  const { control } = useFormContext<ServiceFormValues>();
  const rule = useWatch({ control, name: 'amountRule' });
  const split = useWatch({ control, name: 'transferSplit' });
  const amount = rule.kind === 'fixed' && Number.isSafeInteger(rule.cents) && rule.cents > 0 ? rule.cents : EXAMPLE_CENTS;
  const valid = split.flatMap((share) => {
    const parsed = transferShareSchema.safeParse(share);
    return parsed.success ? [parsed.data] : [];
  });
  const amounts = shareAmounts(valid.map(shareFromForm), amount);
  const own = amount - amounts.reduce((sum, cents) => sum + cents, 0);
  return (
    <div className="rounded border border-line bg-white p-4">
      <p className="font-semibold">
        Anteprima su {formatEuro(amount)}
        {rule.kind === 'fixed' ? ' (importo del servizio)' : ' (importo di esempio)'}
      </p>
      <table className="mt-2 w-full text-left text-sm">
        <thead>
          <tr>
            <th scope="col">Beneficiario</th>
            <th scope="col" className="text-right">
              Quota
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>Questo ente (il resto, arrotondamenti compresi)</td>
            <td className={`text-right font-mono ${own < 1 ? 'font-semibold text-danger' : ''}`}>{formatEuro(own)}</td>
          </tr>
          {valid.map((share, i) => (
            <tr key={`${share.fiscalCodePA}-${i}`}>
              <td>{share.companyName}</td>
              <td className="text-right font-mono">{formatEuro(amounts[i]!)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {valid.length < split.length && (
        <p className="mt-2 text-sm text-muted">I beneficiari con dati ancora incompleti non sono nell&apos;anteprima.</p>
      )}
    </div>
  );
}

/** «Ripartizione tra beneficiari»: up to four other beneficiaries of the service's amount (pagoPA multi-beneficiario). */
export function TransferSplitFields() {
  const { control, register, formState } = useFormContext<ServiceFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: 'transferSplit' });
  const kinds = useWatch({ control, name: 'transferSplit' });
  const error = (path: string) => errorAt(formState.errors, path);
  const input = (
    i: number,
    name: 'fiscalCodePA' | 'companyName' | 'iban' | 'category' | 'remittanceInformation',
    label: string,
    help?: string,
  ) => {
    const id = `quota-${i}-${name}`;
    const message = error(`transferSplit.${i}.${name}`);
    return (
      <LabelledField id={id} label={label} help={help} required={name !== 'remittanceInformation'} error={message}>
        <input
          id={id}
          className={`${inputClass} ${name === 'iban' || name === 'category' || name === 'fiscalCodePA' ? 'font-mono uppercase' : ''}`}
          autoComplete="off"
          aria-invalid={Boolean(message)}
          aria-describedby={[help && `${id}-aiuto`, message && `${id}-errore`].filter(Boolean).join(' ') || undefined}
          {...register(`transferSplit.${i}.${name}`)}
        />
      </LabelledField>
    );
  };
  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-xl font-bold">Ripartizione tra beneficiari</legend>
      <p className="text-sm text-muted">
        Se una parte dell&apos;importo spetta a un altro ente (per esempio la quota provinciale TEFA sulla TARI), indicalo qui: pagoPA
        accredita a ciascuno la sua quota. Le percentuali si arrotondano per difetto al centesimo e ogni resto va a questo ente, che incassa
        ciò che rimane. Al massimo {MAX_SHARES} altri beneficiari.
      </p>
      {fields.map((field, i) => {
        const kind = kinds[i]?.kind ?? 'percent';
        const amountId = `quota-${i}-${kind === 'percent' ? 'basisPoints' : 'fixedCents'}`;
        const amountError = error(`transferSplit.${i}.${kind === 'percent' ? 'basisPoints' : 'fixedCents'}`);
        return (
          <fieldset key={field.id} className="space-y-3 rounded border border-line p-4">
            <legend className="px-1 font-semibold">Beneficiario {i + 2}</legend>
            {input(i, 'companyName', 'Nome del beneficiario')}
            {input(i, 'fiscalCodePA', 'Codice fiscale del beneficiario', '11 cifre.')}
            {input(i, 'iban', 'IBAN del beneficiario')}
            {input(i, 'category', 'Codice tassonomia della quota', 'Quello del beneficiario, per esempio 9/0201102IM/ per la TEFA.')}
            {input(i, 'remittanceInformation', 'Causale della quota', 'Se vuota, la causale dell’avviso.')}
            <fieldset>
              <legend className="mb-1 font-semibold">Come si calcola la quota</legend>
              <Controller
                control={control}
                name={`transferSplit.${i}.kind`}
                render={({ field: kindField }) => (
                  <div className="flex flex-wrap gap-4">
                    {(['percent', 'fixed'] as const).map((k) => (
                      <label key={k} className="flex min-h-11 items-center gap-2">
                        <input
                          type="radio"
                          name={`quota-${i}-tipo`}
                          className="size-5"
                          checked={kindField.value === k}
                          onChange={() => kindField.onChange(k)}
                        />
                        {k === 'percent' ? 'Percentuale dell’importo' : 'Quota fissa in euro'}
                      </label>
                    ))}
                  </div>
                )}
              />
            </fieldset>
            <LabelledField id={amountId} label={kind === 'percent' ? 'Percentuale (%)' : 'Importo della quota (€)'} error={amountError}>
              <Controller
                control={control}
                name={kind === 'percent' ? `transferSplit.${i}.basisPoints` : `transferSplit.${i}.fixedCents`}
                render={({ field: amountField }) =>
                  kind === 'percent' ? (
                    <PercentInput
                      key="percent"
                      id={amountId}
                      value={amountField.value}
                      onChange={amountField.onChange}
                      invalid={Boolean(amountError)}
                    />
                  ) : (
                    <EuroInput
                      key="fixed"
                      id={amountId}
                      value={amountField.value}
                      onChange={amountField.onChange}
                      invalid={Boolean(amountError)}
                    />
                  )
                }
              />
            </LabelledField>
            <button type="button" className="btn-outline" onClick={() => remove(i)}>
              <Trash2 aria-hidden="true" size={20} /> Togli il beneficiario {i + 2}
            </button>
          </fieldset>
        );
      })}
      {error('transferSplit') && <p className="font-semibold text-danger">{error('transferSplit')}</p>}
      {fields.length < MAX_SHARES && (
        <button type="button" className="btn-outline" onClick={() => append(EMPTY_SHARE)}>
          <Plus aria-hidden="true" size={20} /> Aggiungi un beneficiario
        </button>
      )}
      <SplitPreview />
    </fieldset>
  );
}
