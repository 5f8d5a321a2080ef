import type { Metadata } from 'next';
import { Figure } from '@/app/_components/figure';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { databaseHealth, errorRate, partnerHealth, PARTNER_WINDOW_HOURS, QUEUE_LABELS, queueHealth } from '@/lib/cit/health';
import { formatDateTime } from '@/lib/format/date';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export const metadata: Metadata = { title: 'Stato dei servizi' };

const number = (n: number) => n.toLocaleString('it-IT');

/** `45 s`, `12 min`, `3 h 5 min`. */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The platform's health as it is now: database, job queue, partner adapters. */
export default async function HealthPage() {
  await requireProvinciaHost();
  await requireCitStaff();
  const db = await getDb();
  const [database, queues, partners] = await Promise.all([databaseHealth(db), queueHealth(db), partnerHealth(db)]);
  const migrated = database.appliedMigrations >= database.knownMigrations;
  return (
    <>
      <p>
        <a href="/cit/monitoraggio">← Monitoraggio</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Stato dei servizi</h1>
      <p className="mt-2 max-w-3xl text-lg">I valori sono letti adesso: ricarica la pagina per aggiornarli.</p>

      <section aria-labelledby="database" className="mt-8">
        <h2 id="database" className="text-2xl font-bold">
          Database
        </h2>
        <dl className="mt-4 grid gap-4 sm:grid-cols-3">
          <Figure label="Tempo di risposta" value={`${database.roundTripMs.toLocaleString('it-IT', { maximumFractionDigits: 1 })} ms`} />
          <Figure
            label="Aggiornamenti dello schema applicati"
            value={`${number(database.appliedMigrations)} su ${number(database.knownMigrations)}`}
            note={migrated ? 'Il database è aggiornato.' : 'Mancano aggiornamenti: eseguire npm run db:migrate.'}
          />
          <Figure label="Ultimo aggiornamento" value={database.latestAppliedAt ? formatDateTime(database.latestAppliedAt) : '—'} />
        </dl>
      </section>

      <section aria-labelledby="coda" className="mt-8">
        <h2 id="coda" className="text-2xl font-bold">
          Coda delle operazioni
        </h2>
        <p className="mt-2 max-w-3xl">
          Il ritardo è l&apos;attesa dell&apos;operazione pronta più vecchia: se cresce, i processi di lavoro non tengono il passo o sono
          fermi. Le operazioni non riuscite hanno esaurito i tentativi e aspettano un intervento.
        </p>
        {queues.length === 0 ? (
          <p className="mt-3 text-lg">Nessuna operazione in coda.</p>
        ) : (
          <div className="mt-3 overflow-x-auto" role="region" aria-labelledby="coda" tabIndex={0}>
            <table className="w-full min-w-[44rem] border-collapse text-left">
              <caption className="sr-only">Operazioni per coda e stato</caption>
              <thead>
                <tr className="border-b-2 border-line align-bottom">
                  <th scope="col" className="p-2">
                    Coda
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Pronte
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Programmate
                  </th>
                  <th scope="col" className="p-2 text-right">
                    In corso
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Non riuscite
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Ritardo
                  </th>
                </tr>
              </thead>
              <tbody>
                {queues.map((q) => (
                  <tr key={q.queue} className="border-b border-line">
                    <th scope="row" className="p-2 font-normal">
                      {QUEUE_LABELS[q.queue] ?? q.queue}
                    </th>
                    <td className="p-2 text-right">{number(q.ready)}</td>
                    <td className="p-2 text-right">{number(q.scheduled)}</td>
                    <td className="p-2 text-right">{number(q.running)}</td>
                    <td className={`p-2 text-right ${q.dead > 0 ? 'font-bold text-danger' : ''}`}>{number(q.dead)}</td>
                    <td className="p-2 text-right whitespace-nowrap">
                      {q.oldestReadySeconds === null ? '—' : duration(q.oldestReadySeconds)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="partner" className="mt-8">
        <h2 id="partner" className="text-2xl font-bold">
          Partner tecnologici
        </h2>
        <p className="mt-2 max-w-3xl">
          Le chiamate del portale a ciascun partner nelle ultime {PARTNER_WINDOW_HOURS} ore: registrazione delle posizioni, avvio dei
          pagamenti, verifica dello stato degli avvisi.
        </p>
        <div className="mt-3 overflow-x-auto" role="region" aria-labelledby="partner" tabIndex={0}>
          <table className="w-full min-w-[52rem] border-collapse text-left">
            <caption className="sr-only">Esito delle chiamate ai partner</caption>
            <thead>
              <tr className="border-b-2 border-line align-bottom">
                <th scope="col" className="p-2">
                  Partner
                </th>
                <th scope="col" className="p-2 text-right">
                  Chiamate
                </th>
                <th scope="col" className="p-2 text-right">
                  Errori
                </th>
                <th scope="col" className="p-2">
                  Ultima riuscita
                </th>
                <th scope="col" className="p-2">
                  Ultimo errore
                </th>
              </tr>
            </thead>
            <tbody>
              {partners.map((p) => {
                const rate = errorRate(p);
                return (
                  <tr key={p.code} className="border-b border-line align-top">
                    <th scope="row" className="p-2 font-normal">
                      {p.name}
                      {!p.protocol && <span className="block text-sm text-muted">Nessun adattatore</span>}
                    </th>
                    <td className="p-2 text-right">{number(p.ok + p.errors)}</td>
                    <td className={`p-2 text-right whitespace-nowrap ${p.errors > 0 ? 'font-bold text-danger' : ''}`}>
                      {rate === null ? '—' : `${number(p.errors)} (${rate.toLocaleString('it-IT')}%)`}
                    </td>
                    <td className="p-2 whitespace-nowrap">{p.lastSuccessAt ? formatDateTime(p.lastSuccessAt) : 'Mai'}</td>
                    <td className="p-2">
                      {p.lastErrorAt ? (
                        <>
                          <span className="whitespace-nowrap">{formatDateTime(p.lastErrorAt)}</span>
                          <span className="block text-sm break-words">{p.lastError}</span>
                        </>
                      ) : (
                        'Nessuno'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
