import { LabelledField, LabelledInput } from '@/app/_components/labelled-field';
import { POSITION_STATUS_LABELS } from '@/lib/positions/status-labels';

const SELECT_CLASS = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg aria-[invalid=true]:border-danger';

/** The filters as a plain GET form: the query string is the state, so it works without JavaScript and can be bookmarked. */
export function PositionFiltersForm({
  values,
  errors,
  services,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  services: { id: string; title: string }[];
}) {
  const text = (name: string, label: string, extra: { help?: string; type?: string } = {}) => (
    <LabelledInput id={name} name={name} label={label} optional defaultValue={values[name] ?? ''} error={errors[name]} {...extra} />
  );
  return (
    <form method="get" action="/admin/posizioni" className="mt-6 rounded border border-line p-4" aria-label="Filtri delle posizioni">
      {Object.keys(errors).length > 0 && (
        <p role="alert" className="mb-4 rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-semibold text-danger">
          Alcuni filtri non sono corretti: controlla i campi segnalati.
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <LabelledField id="stato" label="Stato" required={false} error={errors.stato}>
          <select
            id="stato"
            name="stato"
            defaultValue={values.stato ?? ''}
            className={SELECT_CLASS}
            aria-invalid={errors.stato ? true : undefined}
          >
            <option value="">Tutti</option>
            {Object.entries(POSITION_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </LabelledField>
        <LabelledField id="servizio" label="Servizio" required={false} error={errors.servizio}>
          <select
            id="servizio"
            name="servizio"
            defaultValue={values.servizio ?? ''}
            className={SELECT_CLASS}
            aria-invalid={errors.servizio ? true : undefined}
          >
            <option value="">Tutti</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </LabelledField>
        {text('testo', 'Testo nella causale', { help: 'Parole intere, es. «mensa ottobre».' })}
        {text('scadenzaDal', 'Scadenza dal', { type: 'date' })}
        {text('scadenzaAl', 'Scadenza al', { type: 'date' })}
        {text('cf', 'Codice fiscale del debitore')}
        {text('avviso', 'Codice avviso', { help: '18 cifre.' })}
        {text('idEsterno', 'Identificativo esterno')}
        <LabelledField id="registrazione" label="Registrazione presso il partner" required={false} error={errors.registrazione}>
          <select id="registrazione" name="registrazione" defaultValue={values.registrazione ?? ''} className={SELECT_CLASS}>
            <option value="">Tutte</option>
            <option value="in_attesa">In attesa</option>
          </select>
        </LabelledField>
      </div>
      <div className="mt-4 flex flex-wrap gap-3">
        <button type="submit" className="btn-primary">
          Cerca
        </button>
        <a href="/admin/posizioni" className="btn-outline">
          Azzera i filtri
        </a>
      </div>
    </form>
  );
}
