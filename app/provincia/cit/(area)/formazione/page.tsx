import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { SESSION_STATE_LABELS, listSessionsForCit, sessionState } from '@/lib/training/queries';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { SessionForm } from './session-form';

export const metadata: Metadata = { title: 'Formazione' };

/** The training calendar for the Enti's referenti: sessions, registrations and attendance. */
export default async function TrainingPage() {
  await requireProvinciaHost();
  await requireCitStaff();
  const sessions = await listSessionsForCit(await getDb());
  const now = new Date();
  return (
    <>
      <h1 className="text-3xl font-bold">Formazione dei referenti</h1>
      <p className="mt-2 max-w-3xl text-muted">
        Le sessioni di formazione per i referenti degli Enti. Gli amministratori degli Enti si iscrivono dal loro back office, nella pagina
        Formazione. La presenza del referente completa il passo «formazione» della sua adesione; finché l’Ente non ha un referente nominato,
        vale la presenza di chiunque del suo personale.
      </p>
      <section aria-labelledby="sessioni" className="mt-8">
        <h2 id="sessioni" className="text-2xl font-bold">
          Sessioni
        </h2>
        {sessions.length === 0 ? (
          <p className="mt-2">Nessuna sessione programmata.</p>
        ) : (
          <div role="region" aria-labelledby="sessioni" tabIndex={0} className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[44rem] text-left">
              <caption className="sr-only">Sessioni di formazione, dalla più lontana nel futuro</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="py-2 pr-4">
                    Sessione
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Inizio
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Dove
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Iscritti
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Presenti
                  </th>
                  <th scope="col" className="py-2">
                    Stato
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.map(({ session, registered, attended }) => (
                  <tr key={session.id} className="border-b border-line">
                    <td className="py-2 pr-4">
                      <a href={`/cit/formazione/${session.id}`} className="font-semibold">
                        {session.title}
                      </a>
                    </td>
                    <td className="py-2 pr-4">{formatDateTime(session.startsAt)}</td>
                    <td className="py-2 pr-4">{session.place ?? 'Online'}</td>
                    <td className="py-2 pr-4">
                      {registered} su {session.seats}
                    </td>
                    <td className="py-2 pr-4">{attended}</td>
                    <td className="py-2">{SESSION_STATE_LABELS[sessionState(session, now)]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="nuova" className="mt-10">
        <h2 id="nuova" className="text-2xl font-bold">
          Programma una sessione
        </h2>
        <p className="mt-2 max-w-2xl text-muted">Indica il luogo, il collegamento online o entrambi.</p>
        <SessionForm />
      </section>
    </>
  );
}
