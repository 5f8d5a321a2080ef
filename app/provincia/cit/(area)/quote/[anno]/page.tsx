import type { Metadata } from 'next';
import { TableScroll } from '@/app/_components/table-scroll';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { BILLING_METHOD_LABELS, DEFAULT_BILLING_METHOD, italianYear } from '@/lib/billing/compute';
import { billingReport, billingYearRange } from '@/lib/billing/queries';
import { BILLING_METHODS, billingMethodSchema, billingYearSchema } from '@/lib/billing/schemas';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { ApproveBillingButton } from './approve-button';

export async function generateMetadata({ params }: { params: Promise<{ anno: string }> }): Promise<Metadata> {
  return { title: `Fatturazione ${(await params).anno}` };
}

/** A year's CIT billing: every Ente active in it, activation and maintenance, totals, exports, approval by a CIT admin. */
export default async function BillingYearPage({
  params,
  searchParams,
}: {
  params: Promise<{ anno: string }>;
  searchParams: Promise<{ metodo?: string | string[] }>;
}) {
  await requireProvinciaHost();
  const staff = await requireCitStaff();
  const parsedYear = billingYearSchema.safeParse((await params).anno);
  if (!parsedYear.success) {
    return (
      <div>
        <h1 className="text-3xl font-bold">Anno non valido</h1>
        <p className="mt-3 text-lg">
          Scegli un anno dall&apos;elenco in <a href="/cit/quote">Quote e fatturazione</a>.
        </p>
      </div>
    );
  }
  const year = parsedYear.data;
  const requested = billingMethodSchema.safeParse((await searchParams).metodo);
  const db = await getDb();
  const [report, years] = await Promise.all([
    billingReport(db, year, requested.success ? requested.data : DEFAULT_BILLING_METHOD),
    billingYearRange(db),
  ]);
  const method = report.method;
  const concluded = year < italianYear(new Date());
  const query = report.approval ? '' : `?metodo=${method}`;

  return (
    <div>
      <p>
        <a href="/cit/quote">Quote e fatturazione</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Fatturazione {year}</h1>
      {report.approval ? (
        <p role="status" className="mt-3 rounded border-l-4 border-success bg-green-50 px-4 py-3 font-semibold">
          Approvata il {formatDateTime(report.approval.at)}
          {report.approval.by ? ` da ${report.approval.by}` : ''}: gli importi sono definitivi e non cambiano più.
        </p>
      ) : (
        <p className="mt-3 max-w-3xl text-lg">
          Non ancora approvata: gli importi sono calcolati ora con i dati attuali degli Enti
          {concluded ? '.' : ` e, per l'anno in corso, contano i giorni fino al 31/12/${year}.`}
        </p>
      )}

      <nav aria-label="Altri anni" className="mt-4">
        <ul className="flex flex-wrap gap-2">
          {years.map((y) => (
            <li key={y}>
              <a
                href={`/cit/quote/${y}`}
                aria-current={y === year ? 'page' : undefined}
                className="block rounded px-3 py-2 aria-[current=page]:bg-primary aria-[current=page]:text-white"
              >
                {y}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="regole" className="mt-6 max-w-3xl">
        <h2 id="regole" className="text-2xl font-bold">
          Come si calcola
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          <li>Si fattura ogni Ente che è stato attivo almeno un giorno dell&apos;anno, secondo lo storico della sua adesione.</li>
          <li>
            La quota di attivazione si paga solo nell&apos;anno della prima attivazione; una riattivazione dopo una sospensione è gratuita.
          </li>
          <li>
            Canone di assistenza e manutenzione: <strong>in proporzione ai giorni di attività</strong> (predefinito: conta il giorno
            dell&apos;attivazione, non quello della sospensione o cessazione; centesimi arrotondati al più vicino) oppure{' '}
            <strong>intero</strong> per ogni anno con almeno un giorno di attività.
          </li>
          <li>Fascia e condizione multi-ente sono quelle attuali dell&apos;Ente finché l&apos;anno non è approvato.</li>
          <li>Le quote dei partner tecnologici sono escluse.</li>
        </ul>
      </section>

      {report.approval ? (
        <p className="mt-6">Metodo: {BILLING_METHOD_LABELS[method]}.</p>
      ) : (
        <form method="get" action={`/cit/quote/${year}`} className="mt-6 flex flex-wrap items-end gap-3">
          <fieldset>
            <legend className="font-semibold">Canone di manutenzione</legend>
            <div className="mt-2 flex flex-wrap gap-4">
              {BILLING_METHODS.map((m) => (
                <label key={m} className="flex min-h-11 items-center gap-2">
                  <input type="radio" name="metodo" value={m} defaultChecked={m === method} className="size-5" />
                  {BILLING_METHOD_LABELS[m]}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="btn-outline">
            Ricalcola
          </button>
        </form>
      )}

      {report.unbillable.length > 0 && (
        <div role="alert" className="mt-6 rounded border-l-4 border-danger bg-red-50 px-4 py-3 text-danger">
          <p className="font-semibold">Quote non calcolabili: correggi i dati di questi Enti prima di approvare.</p>
          <ul className="mt-2 list-disc pl-6">
            {report.unbillable.map((u) => (
              <li key={u.enteId}>
                {u.name}: {u.error}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report.withoutHistory.length > 0 && (
        <p className="mt-6 rounded border-l-4 border-warning bg-amber-50 px-4 py-3">
          Enti attivi senza data di attivazione nello storico delle adesioni, quindi non fatturati:{' '}
          {report.withoutHistory.map((e) => e.name).join(', ')}.
        </p>
      )}

      <section aria-labelledby="enti-fatturati" className="mt-8">
        <h2 id="enti-fatturati" className="text-2xl font-bold">
          Enti fatturati ({report.lines.length})
        </h2>
        {report.lines.length === 0 ? (
          <p className="mt-4 text-lg">Nessun Ente è stato attivo nel {year}.</p>
        ) : (
          <>
            <p className="mt-3 flex flex-wrap gap-3">
              <a className="btn-outline" href={`/cit/quote/${year}/fatturazione.csv${query}`} download>
                Esporta in CSV
              </a>
            </p>
            <TableScroll label={`Fatturazione ${year}`}>
              <table className="w-full min-w-[64rem] border-collapse text-left">
                <caption className="sr-only">Quote del {year} per Ente, con i totali</caption>
                <thead>
                  <tr className="border-b-2 border-line">
                    <th scope="col" className="p-2">
                      Ente
                    </th>
                    <th scope="col" className="p-2">
                      Fascia e condizione
                    </th>
                    <th scope="col" className="p-2">
                      Prima attivazione
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Giorni attivi
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Attivazione
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Canone
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Totale
                    </th>
                    <th scope="col" className="p-2">
                      Prospetto
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.lines.map((line) => (
                    <tr key={line.enteId} className="border-b border-line align-top">
                      <th scope="row" className="p-2 font-semibold">
                        {line.name}
                        {line.parentName && <span className="block text-sm font-normal text-muted">Aderente a {line.parentName}</span>}
                      </th>
                      <td className="p-2">
                        {line.band}
                        <span className="block text-sm text-muted">
                          {line.condition}
                          {line.yearlyCents !== line.ordinaryYearlyCents &&
                            `: canone ${formatEuro(line.yearlyCents)} anziché ${formatEuro(line.ordinaryYearlyCents)}`}
                        </span>
                      </td>
                      <td className="p-2 whitespace-nowrap">{formatDate(line.firstActivation)}</td>
                      <td className="p-2 text-right whitespace-nowrap">
                        {line.activeDays} su {line.daysInYear}
                      </td>
                      <td className="p-2 text-right whitespace-nowrap">{formatEuro(line.activationCents)}</td>
                      <td className="p-2 text-right whitespace-nowrap">{formatEuro(line.maintenanceCents)}</td>
                      <td className="p-2 text-right font-semibold whitespace-nowrap">{formatEuro(line.totalCents)}</td>
                      <td className="p-2 whitespace-nowrap">
                        <a href={`/cit/quote/${year}/${line.enteId}/prospetto.pdf${query}`} download>
                          PDF<span className="sr-only"> di {line.name}</span>
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="border-t-2 border-line font-bold">
                    <th scope="row" colSpan={4} className="p-2">
                      Totale {year}
                    </th>
                    <td className="p-2 text-right whitespace-nowrap">{formatEuro(report.totals.activationCents)}</td>
                    <td className="p-2 text-right whitespace-nowrap">{formatEuro(report.totals.maintenanceCents)}</td>
                    <td className="p-2 text-right whitespace-nowrap">{formatEuro(report.totals.totalCents)}</td>
                    <td className="p-2" />
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          </>
        )}
      </section>

      {!report.approval && (
        <section aria-labelledby="approvazione" className="mt-10 max-w-3xl">
          <h2 id="approvazione" className="text-2xl font-bold">
            Approvazione
          </h2>
          {staff.role !== 'cit_admin' ? (
            <p className="mt-2">Solo un amministratore del centro servizi può approvare la fatturazione.</p>
          ) : !concluded ? (
            <p className="mt-2">
              Il {year} non è ancora concluso: potrai approvarlo dal 1° gennaio {year + 1}.
            </p>
          ) : (
            <ApproveBillingButton year={year} method={method} disabled={report.unbillable.length > 0 || report.lines.length === 0} />
          )}
        </section>
      )}
    </div>
  );
}
