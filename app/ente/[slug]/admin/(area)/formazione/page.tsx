import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { ATTENDANCE_LABELS, enteTrainingHistory, sessionState, upcomingSessionsForEnte } from '@/lib/training/queries';
import { RegistrationButton } from './registration-button';

export const metadata: Metadata = { title: 'Formazione' };

/** The training the CIT offers the Ente's referente: upcoming sessions to register to, and past attendance. */
export default async function EnteTrainingPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const me = await requireEnteStaff(ente, ['ente_admin']);
  const db = await getDb();
  const [upcoming, history] = await Promise.all([upcomingSessionsForEnte(db, ente.id, me.userId), enteTrainingHistory(db, ente.id)]);
  return (
    <>
      <h1 className="text-3xl font-bold">Formazione</h1>
      <p className="mt-2 max-w-3xl text-muted">
        Il centro servizi forma il referente dell’Ente all’uso del portale. La presenza del referente a una sessione completa il passo
        «formazione» dell’adesione. Ti iscrivi a tuo nome; ogni collega amministratore si iscrive dal proprio accesso.
      </p>
      <p className="mt-4 rounded border-l-4 border-primary bg-primary-light px-4 py-3">
        {history.step
          ? `Formazione del referente completata il ${formatDate(history.step.completedAt)}${history.step.title ? ` («${history.step.title}»)` : ''}.`
          : 'La formazione del referente non risulta ancora completata.'}
      </p>
      <section aria-labelledby="prossime" className="mt-8">
        <h2 id="prossime" className="text-2xl font-bold">
          Prossime sessioni
        </h2>
        {upcoming.length === 0 ? (
          <p className="mt-2">Nessuna sessione in programma: il centro servizi ne pubblicherà di nuove.</p>
        ) : (
          <ul className="mt-4 space-y-4">
            {upcoming.map(({ session, seatsLeft, registered, colleagues }) => (
              <li key={session.id} className="rounded border border-line p-4">
                <h3 className="text-xl font-bold">{session.title}</h3>
                <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
                  <dt className="font-semibold">Quando</dt>
                  <dd>
                    {formatDateTime(session.startsAt)}, {session.durationMinutes} minuti
                  </dd>
                  {session.place && (
                    <>
                      <dt className="font-semibold">Dove</dt>
                      <dd>{session.place}</dd>
                    </>
                  )}
                  {session.link && (
                    <>
                      <dt className="font-semibold">Online</dt>
                      <dd>
                        {registered ? (
                          <a href={session.link} className="break-all">
                            {session.link}
                          </a>
                        ) : (
                          'Il collegamento compare dopo l’iscrizione.'
                        )}
                      </dd>
                    </>
                  )}
                  <dt className="font-semibold">Posti liberi</dt>
                  <dd>{seatsLeft === 0 ? 'Esauriti' : `${seatsLeft} su ${session.seats}`}</dd>
                  {colleagues.length > 0 && (
                    <>
                      <dt className="font-semibold">Colleghi iscritti</dt>
                      <dd>{colleagues.join(', ')}</dd>
                    </>
                  )}
                  {session.notes && (
                    <>
                      <dt className="font-semibold">Note</dt>
                      <dd className="whitespace-pre-line">{session.notes}</dd>
                    </>
                  )}
                </dl>
                <div className="mt-3">
                  {registered ? <p className="mb-2 font-semibold text-success">Sei iscritto.</p> : null}
                  {(registered || seatsLeft > 0) && (
                    <RegistrationButton sessionId={session.id} title={session.title} registered={registered} />
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="svolte" className="mt-10">
        <h2 id="svolte" className="text-2xl font-bold">
          Sessioni passate dell’Ente
        </h2>
        {history.rows.length === 0 ? (
          <p className="mt-2">Nessuna partecipazione finora.</p>
        ) : (
          <div role="region" aria-labelledby="svolte" tabIndex={0} className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left">
              <caption className="sr-only">Partecipazioni del personale dell’Ente, dalla più recente</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="py-2 pr-4">
                    Sessione
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Data
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Persona
                  </th>
                  <th scope="col" className="py-2">
                    Presenza
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.rows.map((r) => (
                  <tr key={`${r.session.id}-${r.userId}`} className="border-b border-line">
                    <td className="py-2 pr-4">{r.session.title}</td>
                    <td className="py-2 pr-4">{formatDate(r.session.startsAt)}</td>
                    <td className="py-2 pr-4">{r.fullName}</td>
                    <td className="py-2">
                      {sessionState(r.session) === 'annullata' ? 'Sessione annullata' : ATTENDANCE_LABELS[r.attendance]}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
