import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { ENTE_ROLE_LABELS } from '@/lib/auth/users';
import { formatDateTime } from '@/lib/format/date';
import { listScopeChoices, listStaff } from '@/lib/staff/queries';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { InviteForm } from './invite-form';
import { MemberForm } from './member-form';

export const metadata: Metadata = { title: 'Personale' };

/** The Ente's staff, for its admins: who may do what, and the invitation of new colleagues. */
export default async function StaffPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const me = await requireEnteStaff(ente, ['ente_admin']);
  const db = await getDb();
  const [staff, choices] = await Promise.all([listStaff(db, ente.id), listScopeChoices(db, ente.id)]);
  const titleOf = new Map(choices.map((c) => [c.id, c.title]));
  return (
    <>
      <h1 className="text-3xl font-bold">Personale</h1>
      <p className="mt-2 max-w-2xl text-muted">
        Chi lavora nel back office di {ente.name}. Le persone accedono con SPID o CIE: basta il loro codice fiscale. Un operatore può essere
        limitato ad alcuni servizi: vede e gestisce solo le loro posizioni, ricevute, importazioni ed esportazioni.
      </p>
      <ul className="mt-6 space-y-4">
        {staff.map((member) => (
          <li key={member.userId} className="rounded border border-line p-4">
            <h2 className="text-xl font-bold">
              {member.fullName}
              {member.userId === me.userId && <span className="font-normal text-muted"> (tu)</span>}
            </h2>
            <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
              <dt className="font-semibold">Codice fiscale</dt>
              <dd>{member.fiscalCode ?? '—'}</dd>
              <dt className="font-semibold">Ruolo</dt>
              <dd>
                {ENTE_ROLE_LABELS[member.role]}
                {member.disabled && ' (account disattivato)'}
              </dd>
              {member.role === 'ente_operator' && (
                <>
                  <dt className="font-semibold">Servizi</dt>
                  <dd>{member.serviceIds.length === 0 ? 'Tutti' : member.serviceIds.map((id) => titleOf.get(id) ?? id).join(', ')}</dd>
                </>
              )}
              <dt className="font-semibold">Ultimo accesso</dt>
              <dd>{member.lastLoginAt ? formatDateTime(member.lastLoginAt) : 'Mai'}</dd>
            </dl>
            <details className="mt-3">
              <summary className="cursor-pointer font-semibold text-primary">Modifica ruolo o rimuovi</summary>
              <MemberForm
                member={{ userId: member.userId, fullName: member.fullName, role: member.role, serviceIds: member.serviceIds }}
                services={choices}
                roleLabels={ENTE_ROLE_LABELS}
                isSelf={member.userId === me.userId}
              />
            </details>
          </li>
        ))}
      </ul>
      <section aria-labelledby="invita" className="mt-10">
        <h2 id="invita" className="text-2xl font-bold">
          Aggiungi una persona
        </h2>
        <InviteForm services={choices} roleLabels={ENTE_ROLE_LABELS} />
      </section>
    </>
  );
}
