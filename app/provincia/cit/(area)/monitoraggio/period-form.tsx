import { DateRangeInputs } from '@/app/_components/date-range-inputs';

/** The monitoring's period: a plain GET form, so that each view has a URL to share and works without JavaScript. */
export function PeriodForm({
  action,
  values,
  errors,
}: {
  action: string;
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
}) {
  return (
    <form method="get" action={action} className="rounded bg-surface p-4" aria-labelledby="periodo">
      <h2 id="periodo" className="text-xl font-bold">
        Periodo
      </h2>
      <div className="mt-4 flex flex-wrap items-end gap-4">
        <DateRangeInputs values={values} errors={errors} />
        <button type="submit" className="btn-primary">
          Mostra
        </button>
      </div>
    </form>
  );
}
