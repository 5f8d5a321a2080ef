import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { lastHandedOver } from '@/app/_components/conservazione/cit-overview';
import { Figure } from '@/app/_components/figure';
import { FieldList } from '@/app/_components/receipts/field-list';
import { PaymentsChart } from '@/app/_components/payments-chart';
import { getDb } from '@/db';
import { ANOMALY_KIND_LABELS } from '@/lib/anomalies/labels';
import { listAnomalies } from '@/lib/anomalies/queries';
import { requireCitStaff } from '@/lib/auth/guards';
import { conservazioneHealth, HEALTH_LABELS } from '@/lib/conservazione/health';
import { CONSERVATORE_LABELS } from '@/lib/conservazione/labels';
import { conservazioneCitOverview, listConservazioneReceipts } from '@/lib/conservazione/queries';
import { ADHESION_STATUS_LABELS } from '@/lib/onboarding/state';
import {
  DETAIL_LIMIT,
  enteDeadJobs,
  figuresPerEnte,
  findMonitoredEnte,
  paymentsPerDay,
  pendingPositions,
  rejectedCallbacks,
  successRate,
} from '@/lib/cit/monitoring';
import { periodFilterSchema, periodOf, periodQuery } from '@/lib/cit/monitoring-period';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { PARTNER_LABELS } from '@/lib/partners/labels';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { uuidSchema } from '@/lib/validation/ids';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { PeriodForm } from '../period-form';

export const metadata: Metadata = { title: 'Monitoraggio di un Ente' };

const number = (n: number) => n.toLocaleString('it-IT');

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="mt-3 text-lg">{children}</p>;
}

function MoreRows({ shown }: { shown: number }) {
  return shown >= DETAIL_LIMIT ? <p className="mt-2 text-muted">Sono mostrate le prime {DETAIL_LIMIT}.</p> : null;
}

/**
 * One Ente seen from the CIT: the figures of the monitoring table and the rows behind them. CIT staff are
 * not the Ente's staff, so this is the CIT's own read-only view, not the Ente's back office.
 */
export default async function EnteMonitoringPage({
  params,
  searchParams,
}: {
  params: Promise<{ enteId: string }>;
  searchParams: SearchParams;
}) {
  await requireProvinciaHost();
  await requireCitStaff();
  const id = uuidSchema.safeParse((await params).enteId);
  if (!id.success) notFound();
  const db = await getDb();
  const ente = await findMonitoredEnte(db, id.data);
  if (!ente) notFound();
  const query = await searchParams;
  const input = { dal: singleParam(query.dal), al: singleParam(query.al) };
  const parsed = periodFilterSchema.safeParse(input);
  const period = periodOf(parsed.success ? parsed.data : {});
  const [[figures], days, pending, dead, rejected, anomalies, conservazione, refused] = await Promise.all([
    figuresPerEnte(db, period, ente.id),
    paymentsPerDay(db, period, ente.id),
    pendingPositions(db, ente.id),
    enteDeadJobs(db, ente.id),
    rejectedCallbacks(db, ente.id, period),
    listAnomalies(db, { enteId: ente.id, serviceIds: null }, { state: 'aperte', limit: DETAIL_LIMIT }),
    conservazioneCitOverview(db),
    listConservazioneReceipts(db, ente.id, { state: 'rejected', limit: DETAIL_LIMIT }),
  ]);
  const preservation = conservazione.find((line) => line.enteId === ente.id);
  const f = figures!;
  const words = `dal ${formatDate(period.from)} al ${formatDate(period.to)}`;
  const rate = successRate(f);
  return (
    <>
      <p>
        <a href={`/cit/monitoraggio?${periodQuery(period)}`}>← Monitoraggio di tutti gli Enti</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">{ente.name}</h1>
      <p className="mt-2 text-lg">
        Adesione: {ADHESION_STATUS_LABELS[ente.adhesionStatus]} · Partner tecnologico:{' '}
        {ente.partner ? PARTNER_LABELS[ente.partner] : 'non ancora scelto'}
      </p>
      <div className="mt-6">
        <PeriodForm
          action={`/cit/monitoraggio/${ente.id}`}
          values={{ dal: input.dal ?? period.from, al: input.al ?? period.to }}
          errors={parsed.success ? {} : fieldErrorsOf(parsed.error)}
        />
      </div>
      <section aria-labelledby="andamento" className="mt-8">
        <h2 id="andamento" className="text-2xl font-bold">
          Pagamenti {words}
        </h2>
        <dl className="mt-4 grid gap-4 sm:grid-cols-3">
          <Figure label="Pagamenti" value={number(f.payments)} />
          <Figure label="Importo incassato" value={formatEuro(f.amountCents)} />
          <Figure
            label="Pagamenti riusciti"
            value={rate === null ? '—' : `${rate}%`}
            note={`${number(f.cartsPaid)} completati su ${number(f.cartsStarted)} avviati presso un PSP`}
          />
        </dl>
        <PaymentsChart days={days} period={words} />
      </section>

      <section aria-labelledby="registrazioni" className="mt-8">
        <h2 id="registrazioni" className="text-2xl font-bold">
          Posizioni in attesa di registrazione ({number(f.pendingRegistrations)})
        </h2>
        <p className="mt-2 max-w-3xl">
          Posizioni che il partner non conosce ancora: finché non sono registrate i cittadini non possono pagarle. Quelle con un errore (
          {number(f.partnerErrors)}) sono state rifiutate dal partner o non hanno avuto risposta; il sistema riprova da solo.
        </p>
        {pending.length === 0 ? (
          <Empty>Nessuna posizione in attesa.</Empty>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[40rem] border-collapse text-left">
              <caption className="sr-only">Posizioni in attesa di registrazione, dalla più vecchia</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="p-2">
                    Codice avviso
                  </th>
                  <th scope="col" className="p-2">
                    Creata il
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Tentativi
                  </th>
                  <th scope="col" className="p-2">
                    Ultimo errore
                  </th>
                </tr>
              </thead>
              <tbody>
                {pending.map((p) => (
                  <tr key={p.id} className="border-b border-line">
                    <td className="p-2 font-mono whitespace-nowrap">{formatNoticeNumber(p.noticeNumber)}</td>
                    <td className="p-2 whitespace-nowrap">{formatDateTime(p.createdAt)}</td>
                    <td className="p-2 text-right">{p.registrationAttempts}</td>
                    <td className="p-2 break-words">{p.registrationError ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <MoreRows shown={pending.length} />
      </section>

      <section aria-labelledby="lavori" className="mt-8">
        <h2 id="lavori" className="text-2xl font-bold">
          Operazioni non riuscite ({number(f.deadJobs)})
        </h2>
        <p className="mt-2 max-w-3xl">
          Registrazioni che hanno esaurito i tentativi: l&apos;amministratore dell&apos;Ente può riprovarle dal proprio back office, dopo
          aver risolto la causa.
        </p>
        {dead.length === 0 ? (
          <Empty>Nessuna operazione non riuscita.</Empty>
        ) : (
          <ul className="mt-3 space-y-3">
            {dead.map((job) => (
              <li key={job.id} className="rounded border border-line p-4">
                <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
                  <dt className="font-semibold">Ferma dal</dt>
                  <dd>{formatDateTime(job.deadAt)}</dd>
                  <dt className="font-semibold">Tentativi</dt>
                  <dd>
                    {job.attempts} su {job.maxAttempts}
                  </dd>
                  <dt className="font-semibold">Ultimo errore</dt>
                  <dd className="break-words">{job.lastError ?? '—'}</dd>
                </dl>
              </li>
            ))}
          </ul>
        )}
        <MoreRows shown={dead.length} />
      </section>

      <section aria-labelledby="notifiche" className="mt-8">
        <h2 id="notifiche" className="text-2xl font-bold">
          Notifiche del partner respinte {words} ({number(f.rejectedCallbacks)})
        </h2>
        <p className="mt-2 max-w-3xl">
          Esiti di pagamento arrivati con una firma non valida o con dati illeggibili: sono conservati ma non hanno registrato nulla.
        </p>
        {rejected.length === 0 ? (
          <Empty>Nessuna notifica respinta nel periodo.</Empty>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[40rem] border-collapse text-left">
              <caption className="sr-only">Notifiche respinte, dalla più recente</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="p-2">
                    Ricevuta il
                  </th>
                  <th scope="col" className="p-2">
                    Partner
                  </th>
                  <th scope="col" className="p-2">
                    Firma
                  </th>
                  <th scope="col" className="p-2">
                    Motivo
                  </th>
                </tr>
              </thead>
              <tbody>
                {rejected.map((r) => (
                  <tr key={r.id} className="border-b border-line">
                    <td className="p-2 whitespace-nowrap">{formatDateTime(r.receivedAt)}</td>
                    <td className="p-2">{PARTNER_LABELS[r.partner as keyof typeof PARTNER_LABELS] ?? r.partner}</td>
                    <td className="p-2">{r.verified ? 'Valida' : 'Non valida'}</td>
                    <td className="p-2 break-words">{r.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <MoreRows shown={rejected.length} />
      </section>

      <section aria-labelledby="anomalie" className="mt-8">
        <h2 id="anomalie" className="text-2xl font-bold">
          Anomalie aperte ({number(f.openAnomalies)})
        </h2>
        <p className="mt-2 max-w-3xl">Pagamenti che non corrispondono a una posizione pagabile: li risolve il personale dell&apos;Ente.</p>
        {anomalies.lines.length === 0 ? (
          <Empty>Nessuna anomalia aperta.</Empty>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[40rem] border-collapse text-left">
              <caption className="sr-only">Anomalie aperte, dalla più recente</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="p-2">
                    Del
                  </th>
                  <th scope="col" className="p-2">
                    Tipo
                  </th>
                  <th scope="col" className="p-2">
                    Codice avviso
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Pagato
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Dovuto
                  </th>
                </tr>
              </thead>
              <tbody>
                {anomalies.lines.map((a) => (
                  <tr key={a.id} className="border-b border-line">
                    <td className="p-2 whitespace-nowrap">{formatDateTime(a.createdAt)}</td>
                    <td className="p-2">{ANOMALY_KIND_LABELS[a.kind]}</td>
                    <td className="p-2 font-mono whitespace-nowrap">{a.noticeNumber ? formatNoticeNumber(a.noticeNumber) : '—'}</td>
                    <td className="p-2 text-right whitespace-nowrap">{a.amountCents === null ? '—' : formatEuro(a.amountCents)}</td>
                    <td className="p-2 text-right whitespace-nowrap">
                      {a.expectedAmountCents === null ? '—' : formatEuro(a.expectedAmountCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <MoreRows shown={anomalies.lines.length} />
      </section>

      <section aria-labelledby="conservazione" className="mt-8">
        <h2 id="conservazione" className="text-2xl font-bold">
          Conservazione delle ricevute
        </h2>
        {!preservation || preservation.conservatore === 'none' ? (
          <Empty>L&apos;Ente non ha configurato la conservazione.</Empty>
        ) : (
          <>
            <FieldList
              fields={[
                ['Conservatore', CONSERVATORE_LABELS[preservation.conservatore]],
                ['Stato', HEALTH_LABELS[conservazioneHealth(preservation)]],
                [
                  'Configurazione rifiutata',
                  preservation.configError &&
                    `${formatDateTime(preservation.configError.at)}: ${preservation.configError.code} ${preservation.configError.message}`,
                ],
                ['Ultimo versamento concluso', preservation.lastRunFinishedAt && formatDateTime(preservation.lastRunFinishedAt)],
                ['Ultima consegna', lastHandedOver(preservation)],
                ['Da versare', number(preservation.backlog)],
                ['Rifiutate', number(preservation.rejected)],
                ['Senza più tentativi automatici', number(preservation.stuck)],
              ]}
            />
            {refused.lines.length > 0 && (
              <div className="mt-4 overflow-x-auto">
                <table className="w-full min-w-[40rem] border-collapse text-left">
                  <caption className="sr-only">Ricevute rifiutate dal conservatore, dalla più recente</caption>
                  <thead>
                    <tr className="border-b-2 border-line">
                      <th scope="col" className="p-2">
                        Codice avviso
                      </th>
                      <th scope="col" className="p-2">
                        Ultimo tentativo
                      </th>
                      <th scope="col" className="p-2">
                        Esito del conservatore
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {refused.lines.map((line) => (
                      <tr key={line.receiptRowId} className="border-b border-line">
                        <td className="p-2 font-mono whitespace-nowrap">{formatNoticeNumber(line.noticeNumber)}</td>
                        <td className="p-2 whitespace-nowrap">{line.lastAttemptAt ? formatDateTime(line.lastAttemptAt) : '—'}</td>
                        <td className="p-2 break-words">
                          <span className="font-mono">{line.outcomeCode}</span> {line.outcomeMessage}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <MoreRows shown={refused.lines.length} />
          </>
        )}
      </section>
    </>
  );
}
