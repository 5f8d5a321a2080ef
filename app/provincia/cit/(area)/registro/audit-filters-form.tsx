import { DateRangeInputs } from '@/app/_components/date-range-inputs';
import { LabelledField, LabelledInput } from '@/app/_components/labelled-field';
import { actionLabel, PLATFORM_ONLY } from '@/lib/cit/audit-filters';

const SELECT = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg';

/** The audit viewer's filters: a plain GET form, parsed by auditFiltersSchema like the CSV export. */
export function AuditFiltersForm({
  values,
  errors,
  enti,
  actions,
}: {
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
  enti: { id: string; name: string }[];
  actions: string[];
}) {
  return (
    <form method="get" action="/cit/registro" className="rounded bg-surface p-4" aria-labelledby="filtra-registro">
      <h2 id="filtra-registro" className="text-xl font-bold">
        Filtra ed esporta
      </h2>
      <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <LabelledField id="ente" label="Ente" required={false} error={errors.ente}>
          <select id="ente" name="ente" defaultValue={values.ente ?? ''} className={SELECT} aria-invalid={errors.ente ? true : undefined}>
            <option value="">Tutti</option>
            <option value={PLATFORM_ONLY}>Solo azioni sulla piattaforma</option>
            {enti.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </LabelledField>
        <LabelledInput
          id="utente"
          name="utente"
          label="Utente"
          help="E-mail o codice fiscale"
          optional
          defaultValue={values.utente ?? ''}
          error={errors.utente}
        />
        <LabelledField id="azione" label="Azione" required={false} error={errors.azione}>
          <select
            id="azione"
            name="azione"
            defaultValue={values.azione ?? ''}
            className={SELECT}
            aria-invalid={errors.azione ? true : undefined}
          >
            <option value="">Tutte</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </LabelledField>
        <DateRangeInputs values={values} errors={errors} />
      </div>
      <div className="mt-4 flex flex-wrap gap-3">
        <button type="submit" className="btn-primary">
          Filtra
        </button>
        <a href="/cit/registro" className="btn-outline">
          Azzera i filtri
        </a>
      </div>
    </form>
  );
}
