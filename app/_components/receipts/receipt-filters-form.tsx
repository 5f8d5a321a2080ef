import { LabelledField, LabelledInput } from '@/app/_components/labelled-field';

/**
 * The receipts search: a plain GET form, so that the result has a URL to share and works without
 * JavaScript; the page parses it with receiptFiltersSchema, the same schema as the export routes.
 */
export function ReceiptFiltersForm({
  values,
  errors,
  services,
}: {
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
  services: { id: string; title: string }[];
}) {
  const text = (id: string, label: string, help?: string, type = 'text') => (
    <LabelledInput id={id} name={id} label={label} help={help} type={type} optional defaultValue={values[id] ?? ''} error={errors[id]} />
  );
  return (
    <form method="get" action="/admin/ricevute" className="rounded bg-surface p-4" aria-labelledby="cerca-ricevute">
      <h2 id="cerca-ricevute" className="text-xl font-bold">
        Cerca ed esporta
      </h2>
      <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {text('dal', 'Pagate dal', 'Giorno incluso', 'date')}
        {text('al', 'Pagate fino al', 'Giorno incluso', 'date')}
        <LabelledField id="servizio" label="Servizio" required={false} error={errors.servizio}>
          <select
            id="servizio"
            name="servizio"
            defaultValue={values.servizio ?? ''}
            className="min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg"
          >
            <option value="">Tutti i servizi</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </LabelledField>
        {text('avviso', 'Codice avviso', '18 cifre')}
        {text('iuv', 'IUV')}
        {text('ricevuta', 'Identificativo ricevuta')}
        {text('cf', 'Codice fiscale del debitore o del pagatore')}
      </div>
      <div className="mt-4 flex flex-wrap gap-3">
        <button type="submit" className="btn-primary">
          Cerca
        </button>
        <a href="/admin/ricevute" className="btn-outline">
          Azzera i filtri
        </a>
      </div>
    </form>
  );
}
