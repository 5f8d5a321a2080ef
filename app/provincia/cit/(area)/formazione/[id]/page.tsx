import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { dateToRomeLocal } from '@/lib/format/rome-time';
import { ATTENDANCE_LABELS, SESSION_STATE_LABELS, sessionForCit, sessionState } from '@/lib/training/queries';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { uuidSchema } from '@/lib/validation/ids';
import { SessionForm } from '../session-form';
import { AttendanceButtons, CancelSessionButton } from './session-controls';

export const metadata: Metadata = { title: 'Sessione di formazione' };

/** One session: its details, who registered, attendance, and the edit and cancel controls while it can change. */
export default async function TrainingSessionPage({ params }: { params: Promise<{ id: string }> }) {
  await requireProvinciaHost();
  await requireCitStaff();
  const id = uuidSchema.safeParse((await params).id);
  const found = id.success ? await sessionForCit(await getDb(), id.data) : undefined;
  if (!found) notFound();
  const { session, registrations } = found;
  const state = sessionState(session);
  return (
    <>
      <p>
        <a href="/cit/formazione">← Tutte le sessioni</a>
      </p>
      <h1 className="mt-4 text-3xl font-bold">{session.title}</h1>
      <dl className="mt-4 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Stato</dt>
        <dd>{SESSION_STATE_LABELS[state]}</dd>
        <dt className="font-semibold">Inizio</dt>
        <dd>
          {formatDateTime(session.startsAt)} ({session.durationMinutes} minuti)
        </dd>
        <dt className="font-semibold">Luogo</dt>
        <dd>{session.place ?? '—'}</dd>
        <dt className="font-semibold">Collegamento</dt>
        <dd className="break-all">{session.link ? <a href={session.link}>{session.link}</a> : '—'}</dd>
        <dt className="font-semibold">Posti</dt>
        <dd>
          {registrations.length} occupati su {session.seats}
        </dd>
        {session.notes && (
          <>
            <dt className="font-semibold">Note</dt>
            <dd className="whitespace-pre-line">{session.notes}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="iscritti" className="mt-10">
        <h2 id="iscritti" className="text-2xl font-bold">
          Iscritti e presenze
        </h2>
        {state === 'programmata' && <p className="mt-2 text-muted">Le presenze si registrano dall’inizio della sessione.</p>}
        {registrations.length === 0 ? (
          <p className="mt-2">Nessun iscritto.</p>
        ) : (
          <div role="region" aria-labelledby="iscritti" tabIndex={0} className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[44rem] text-left">
              <caption className="sr-only">Persone iscritte alla sessione, per Ente</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="py-2 pr-4">
                    Ente
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Persona
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Iscritta il
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Presenza
                  </th>
                  {(state === 'in_corso' || state === 'svolta') && (
                    <th scope="col" className="py-2">
                      Registra
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {registrations.map((r) => (
                  <tr key={r.userId} className="border-b border-line align-top">
                    <td className="py-2 pr-4">{r.enteName}</td>
                    <td className="py-2 pr-4">
                      {r.fullName}
                      {r.isReferente && <span className="block text-sm text-muted">Referente dell’adesione</span>}
                    </td>
                    <td className="py-2 pr-4">{formatDateTime(r.registeredAt)}</td>
                    <td className="py-2 pr-4">
                      {ATTENDANCE_LABELS[r.attendance]}
                      {r.completesStep && <span className="block text-sm text-success">Completa la formazione dell’adesione</span>}
                    </td>
                    {(state === 'in_corso' || state === 'svolta') && (
                      <td className="py-2">
                        <AttendanceButtons sessionId={session.id} userId={r.userId} name={r.fullName} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {state === 'programmata' && (
        <>
          <section aria-labelledby="modifica" className="mt-10">
            <h2 id="modifica" className="text-2xl font-bold">
              Modifica la sessione
            </h2>
            <SessionForm
              id={session.id}
              initial={{
                title: session.title,
                startsAt: dateToRomeLocal(session.startsAt),
                durationMinutes: session.durationMinutes,
                place: session.place ?? '',
                link: session.link ?? '',
                seats: session.seats,
                notes: session.notes ?? '',
              }}
            />
          </section>
          <section aria-labelledby="annulla" className="mt-10">
            <h2 id="annulla" className="text-2xl font-bold">
              Annulla la sessione
            </h2>
            <p className="mt-2 max-w-2xl text-muted">Le iscrizioni restano visibili agli Enti, con la sessione segnata come annullata.</p>
            <div className="mt-3">
              <CancelSessionButton sessionId={session.id} registered={registrations.length} />
            </div>
          </section>
        </>
      )}
    </>
  );
}
