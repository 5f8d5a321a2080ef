import type { Metadata } from 'next';
import { ConservazioneOverview } from '@/app/_components/conservazione/cit-overview';
import { PaymentsChart } from '@/app/_components/payments-chart';
import { getReadDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { conservazioneCitOverview } from '@/lib/conservazione/queries';
import { ADHESION_STATUS_LABELS } from '@/lib/onboarding/state';
import {
  figuresPerEnte,
  paymentsPerDay,
  successRate,
  totalsOf,
  unattributedRejectedCallbacks,
  type FigureTotals,
} from '@/lib/cit/monitoring';
import { periodFilterSchema, periodOf, periodQuery, type Period } from '@/lib/cit/monitoring-period';
import { formatDate } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { PeriodForm } from './period-form';

export const metadata: Metadata = { title: 'Monitoraggio' };

const number = (n: number) => n.toLocaleString('it-IT');
const rate = (figures: Pick<FigureTotals, 'cartsStarted' | 'cartsPaid'>) => {
  const r = successRate(figures);
  return r === null ? '—' : `${r}%`;
};

/** The columns after the Ente's name: each figure links to the section of the Ente's detail that explains it. */
const COLUMNS: { key: keyof FigureTotals | 'rate'; label: string; anchor: string; show: (f: FigureTotals) => string }[] = [
  { key: 'payments', label: 'Pagamenti', anchor: 'andamento', show: (f) => number(f.payments) },
  { key: 'amountCents', label: 'Importo', anchor: 'andamento', show: (f) => formatEuro(f.amountCents) },
  { key: 'rate', label: 'Pagamenti riusciti', anchor: 'andamento', show: rate },
  {
    key: 'pendingRegistrations',
    label: 'In attesa di registrazione',
    anchor: 'registrazioni',
    show: (f) => number(f.pendingRegistrations),
  },
  { key: 'partnerErrors', label: 'Errori del partner', anchor: 'registrazioni', show: (f) => number(f.partnerErrors) },
  { key: 'deadJobs', label: 'Operazioni non riuscite', anchor: 'lavori', show: (f) => number(f.deadJobs) },
  { key: 'rejectedCallbacks', label: 'Notifiche respinte', anchor: 'notifiche', show: (f) => number(f.rejectedCallbacks) },
  { key: 'openAnomalies', label: 'Anomalie aperte', anchor: 'anomalie', show: (f) => number(f.openAnomalies) },
  {
    key: 'conservazioneToReview',
    label: 'Ricevute da riesaminare in conservazione',
    anchor: 'conservazione',
    show: (f) => number(f.conservazioneToReview),
  },
];

function periodInWords(period: Period): string {
  return `dal ${formatDate(period.from)} al ${formatDate(period.to)}`;
}

export default async function MonitoringPage({ searchParams }: { searchParams: SearchParams }) {
  await requireProvinciaHost();
  await requireCitStaff();
  const query = await searchParams;
  const input = { dal: singleParam(query.dal), al: singleParam(query.al) };
  const parsed = periodFilterSchema.safeParse(input);
  const period = periodOf(parsed.success ? parsed.data : {});
  const db = await getReadDb();
  const [days, rows, unattributed, conservazione] = await Promise.all([
    paymentsPerDay(db, period),
    figuresPerEnte(db, period),
    unattributedRejectedCallbacks(db, period),
    conservazioneCitOverview(db),
  ]);
  const totals = totalsOf(rows);
  const keep = periodQuery(period);
  return (
    <>
      <h1 className="text-3xl font-bold">Monitoraggio</h1>
      <p className="mt-2 max-w-3xl text-lg">
        I pagamenti di tutti gli Enti {periodInWords(period)} e quello che richiede un intervento. Lo stato dei servizi (database, coda
        delle operazioni, partner tecnologici) è nella pagina <a href="/cit/monitoraggio/salute">Stato dei servizi</a>.
      </p>
      <div className="mt-6">
        <PeriodForm
          action="/cit/monitoraggio"
          values={{ dal: input.dal ?? period.from, al: input.al ?? period.to }}
          errors={parsed.success ? {} : fieldErrorsOf(parsed.error)}
        />
        {!parsed.success && <p className="mt-2">Il periodo indicato non è valido: sono mostrati gli ultimi 30 giorni.</p>}
      </div>
      <section aria-labelledby="andamento" className="mt-8">
        <h2 id="andamento" className="text-2xl font-bold">
          Pagamenti al giorno
        </h2>
        <PaymentsChart days={days} period={periodInWords(period)} />
      </section>
      <section aria-labelledby="per-ente" className="mt-8">
        <h2 id="per-ente" className="text-2xl font-bold">
          Per Ente
        </h2>
        <p className="mt-2 max-w-3xl">
          Pagamenti, riuscita e notifiche respinte si riferiscono al periodo; posizioni in attesa, operazioni non riuscite e anomalie sono
          quelle aperte adesso. I pagamenti riusciti sono quelli completati su quelli avviati presso un PSP.
          {unattributed > 0 && ` Altre ${number(unattributed)} notifiche respinte non indicano un Ente riconoscibile.`}
        </p>
        <div className="mt-4 overflow-x-auto" role="region" aria-labelledby="per-ente" tabIndex={0}>
          <table className="w-full min-w-[72rem] border-collapse text-left">
            <caption className="sr-only">Dati per Ente {periodInWords(period)}</caption>
            <thead>
              <tr className="border-b-2 border-line align-bottom">
                <th scope="col" className="p-2">
                  Ente
                </th>
                <th scope="col" className="p-2">
                  Adesione
                </th>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col" className="p-2 text-right">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.enteId} className="border-b border-line">
                  <th scope="row" className="p-2 font-normal">
                    <a href={`/cit/monitoraggio/${row.enteId}?${keep}`}>{row.name}</a>
                  </th>
                  <td className="p-2">{ADHESION_STATUS_LABELS[row.adhesionStatus]}</td>
                  {COLUMNS.map((c) => {
                    const value = c.show(row);
                    const worth = c.key === 'rate' ? row.cartsStarted > 0 : row[c.key] > 0;
                    return (
                      <td key={c.key} className="p-2 text-right whitespace-nowrap">
                        {worth ? <a href={`/cit/monitoraggio/${row.enteId}?${keep}#${c.anchor}`}>{value}</a> : value}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t-2 border-line font-bold">
                <th scope="row" className="p-2" colSpan={2}>
                  Totale ({number(rows.length)} Enti)
                </th>
                {COLUMNS.map((c) => (
                  <td key={c.key} className="p-2 text-right whitespace-nowrap">
                    {c.show(totals)}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
      <ConservazioneOverview lines={conservazione} keep={keep} />
    </>
  );
}
