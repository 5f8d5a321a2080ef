import type { Metadata } from 'next';
import { TableScroll } from '@/app/_components/table-scroll';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { ENTE_KIND_LABELS } from '@/lib/billing/labels';
import { billingYearRange, currentFees } from '@/lib/billing/queries';
import { FEE_SCHEDULE, POPULATION_BANDS, describeBand } from '@/lib/fees';
import { formatEuro, groupThousands } from '@/lib/format/money';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { SharedReferenteForm } from './shared-referente-form';

export const metadata: Metadata = { title: 'Quote e fatturazione' };

const STATUS_LABELS: Record<string, string> = {
  richiesta: 'Richiesta',
  in_attivazione: 'In attivazione',
  attivo: 'Attivo',
  sospeso: 'Sospeso',
  cessato: 'Cessato',
};

/** The CIT's fee schedule (from lib/fees.ts, the same figures computeFees uses), each Ente's fees today, the multi-ente condition. */
export default async function FeesPage() {
  await requireProvinciaHost();
  await requireCitStaff();
  const db = await getDb();
  const [rows, years] = await Promise.all([currentFees(db), billingYearRange(db)]);
  const { multiEnte } = FEE_SCHEDULE;
  const memberShare = (cents: number) => Math.round((cents * multiEnte.memberYearlyPercent) / 100);
  const groups = rows.filter((r) => r.kind === 'unione' || r.kind === 'comunita_montana');

  return (
    <div>
      <h1 className="text-3xl font-bold">Quote e fatturazione</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Le quote che ogni Ente versa per il servizio Portale pagoPA, come maggiorazione della quota di adesione al centro servizi.
      </p>

      <nav aria-labelledby="fatturazione-annuale" className="mt-6">
        <h2 id="fatturazione-annuale" className="text-2xl font-bold">
          Fatturazione annuale
        </h2>
        <ul className="mt-3 flex flex-wrap gap-3">
          {years.map((year) => (
            <li key={year}>
              <a className="btn-outline" href={`/cit/quote/${year}`}>
                Anno {year}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="tariffe" className="mt-10">
        <h2 id="tariffe" className="text-2xl font-bold">
          Tariffe
        </h2>
        <p className="mt-2 max-w-3xl rounded border-l-4 border-primary bg-primary-light px-4 py-3 font-semibold">
          Le quote dei partner tecnologici sono escluse: ogni Ente le paga direttamente al partner che ha scelto.
        </p>
        <TableScroll label="Tariffe del servizio">
          <table className="w-full min-w-[40rem] border-collapse text-left">
            <caption className="sr-only">Tariffe ordinarie e con la condizione multi-ente</caption>
            <thead>
              <tr className="border-b-2 border-line">
                <th scope="col" className="p-2">
                  Voce
                </th>
                <th scope="col" className="p-2 text-right">
                  Tariffa ordinaria
                </th>
                <th scope="col" className="p-2 text-right">
                  Condizione multi-ente
                </th>
              </tr>
            </thead>
            <tbody>
              <tr className="border-b border-line">
                <th scope="row" className="p-2 font-normal">
                  Attivazione, per Comune
                </th>
                <td className="p-2 text-right whitespace-nowrap">{formatEuro(FEE_SCHEDULE.activationCents)}</td>
                <td className="p-2 text-right whitespace-nowrap">{formatEuro(multiEnte.memberActivationCents)}</td>
              </tr>
              <tr className="border-b border-line">
                <th scope="row" className="p-2 font-normal">
                  Attivazione, per Unione o Comunità Montana
                </th>
                <td className="p-2 text-right whitespace-nowrap">{formatEuro(FEE_SCHEDULE.activationCents)}</td>
                <td className="p-2 text-right whitespace-nowrap">{formatEuro(multiEnte.parentActivationCents)}</td>
              </tr>
              {POPULATION_BANDS.map((band) => (
                <tr key={band.from} className="border-b border-line">
                  <th scope="row" className="p-2 font-normal">
                    Canone annuale, Comune {describeBand(band)}
                  </th>
                  <td className="p-2 text-right whitespace-nowrap">{formatEuro(band.yearlyCents)}</td>
                  <td className="p-2 text-right whitespace-nowrap">{formatEuro(memberShare(band.yearlyCents))}</td>
                </tr>
              ))}
              <tr className="border-b border-line">
                <th scope="row" className="p-2 font-normal">
                  Canone annuale, Ente diverso dal Comune
                </th>
                <td className="p-2 text-right whitespace-nowrap">{formatEuro(FEE_SCHEDULE.notComuneYearlyCents)}</td>
                <td className="p-2 text-right whitespace-nowrap">{formatEuro(multiEnte.parentYearlyCents)}</td>
              </tr>
            </tbody>
          </table>
        </TableScroll>
        <p className="mt-3 max-w-3xl text-muted">
          Fasce per abitanti al 31.12.2013: 2.000 abitanti rientrano nella prima fascia, 5.000 nella seconda, 10.000 nella terza. La
          condizione multi-ente vale quando un&apos;Unione di Comuni o una Comunità Montana condivide il referente unico di progetto con i
          Comuni aderenti: i Comuni pagano il {multiEnte.memberYearlyPercent}% del canone della propria fascia.
        </p>
      </section>

      <section aria-labelledby="quote-enti" className="mt-10">
        <h2 id="quote-enti" className="text-2xl font-bold">
          Quote di ogni Ente
        </h2>
        <TableScroll label="Quote di ogni Ente">
          <table className="w-full min-w-[60rem] border-collapse text-left">
            <caption className="sr-only">Quote di ogni Ente con i dati attuali</caption>
            <thead>
              <tr className="border-b-2 border-line">
                <th scope="col" className="p-2">
                  Ente
                </th>
                <th scope="col" className="p-2">
                  Tipo
                </th>
                <th scope="col" className="p-2 text-right">
                  Abitanti 2013
                </th>
                <th scope="col" className="p-2">
                  Fascia e condizione
                </th>
                <th scope="col" className="p-2 text-right">
                  Attivazione
                </th>
                <th scope="col" className="p-2 text-right">
                  Canone annuale
                </th>
                <th scope="col" className="p-2">
                  Adesione
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-b border-line align-top">
                  <th scope="row" className="p-2 font-semibold">
                    {row.name}
                    {row.parentName && <span className="block text-sm font-normal text-muted">Aderente a {row.parentName}</span>}
                  </th>
                  <td className="p-2">{ENTE_KIND_LABELS[row.kind]}</td>
                  <td className="p-2 text-right">{row.population === null ? '—' : groupThousands(row.population)}</td>
                  {row.error !== undefined ? (
                    <td colSpan={3} className="p-2 font-semibold text-danger">
                      {row.error}
                    </td>
                  ) : (
                    <>
                      <td className="p-2">
                        {row.band}
                        <span className="block text-sm text-muted">{row.condition}</span>
                      </td>
                      <td className="p-2 text-right whitespace-nowrap">{formatEuro(row.fees.activationCents)}</td>
                      <td className="p-2 text-right whitespace-nowrap">{formatEuro(row.fees.yearlyCents)}</td>
                    </>
                  )}
                  <td className="p-2">{STATUS_LABELS[row.adhesionStatus]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="referente-condiviso" className="mt-10">
        <h2 id="referente-condiviso" className="text-2xl font-bold">
          Referente condiviso (condizione multi-ente)
        </h2>
        <p className="mt-2 max-w-3xl">
          Indica le Unioni e le Comunità Montane che condividono il referente unico di progetto con i Comuni aderenti. La scelta cambia le
          quote degli anni non ancora approvati; quelli approvati restano come sono.
        </p>
        {groups.length === 0 ? (
          <p className="mt-4">Nessuna Unione o Comunità Montana registrata.</p>
        ) : (
          <ul className="mt-4 grid gap-4 md:grid-cols-2">
            {groups.map((group) => (
              <li key={group.id} className="rounded border border-line p-4">
                <SharedReferenteForm
                  enteId={group.id}
                  name={group.name}
                  shared={group.ownSharedReferente}
                  members={rows.filter((r) => r.parentId === group.id).map((r) => r.name)}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
