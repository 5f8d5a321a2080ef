import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CitRequestControls } from '@/app/_components/support/cit-controls';
import { SupportMessageForm } from '@/app/_components/support/message-form';
import { SupportStatusBadge } from '@/app/_components/support/status-badge';
import { SupportThreadView } from '@/app/_components/support/thread';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { currentProvider } from '@/lib/provider/current';
import { SUPPORT_CATEGORY_LABELS } from '@/lib/support/labels';
import { findSupportThread, listCitAssignees } from '@/lib/support/queries';
import { SUPPORT_CIT_ROLES } from '@/lib/support/roles';
import { uuidSchema } from '@/lib/validation/ids';

export const metadata: Metadata = { title: 'Richiesta di assistenza' };

/** One request for the CIT: the thread, the answer with its state, the assignment. */
export default async function CitSupportRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireCitStaff(SUPPORT_CIT_ROLES);
  const { id } = await params;
  const db = await getDb();
  const thread = uuidSchema.safeParse(id).success ? await findSupportThread(db, { kind: 'cit' }, id) : undefined;
  if (!thread) notFound();
  const { request } = thread;
  const [assignees, provider] = await Promise.all([listCitAssignees(db), currentProvider()]);
  return (
    <>
      <p>
        <a href="/cit/assistenza">Tutte le richieste</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold break-words">
        Richiesta n. {request.number}: {request.subject}
      </h1>
      <dl className="mt-4 grid max-w-3xl gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Ente</dt>
        <dd>{request.enteName}</dd>
        <dt className="font-semibold">Stato</dt>
        <dd>
          <SupportStatusBadge status={request.status} />
        </dd>
        <dt className="font-semibold">Argomento</dt>
        <dd>{SUPPORT_CATEGORY_LABELS[request.category]}</dd>
        <dt className="font-semibold">Aperta da</dt>
        <dd>
          {request.openedByName ?? 'Utente rimosso'} il {formatDateTime(request.createdAt)}
        </dd>
        <dt className="font-semibold">Assegnata a</dt>
        <dd>{request.assigneeName ?? 'Nessuno'}</dd>
      </dl>
      <section aria-labelledby="gestione" className="mt-8 max-w-3xl">
        <h2 id="gestione" className="text-2xl font-bold">
          Assegnazione e stato
        </h2>
        <div className="mt-3">
          <CitRequestControls
            id={request.id}
            status={request.status}
            assignedTo={request.assignedTo}
            me={staff.userId}
            assignees={assignees}
          />
        </div>
      </section>
      <section aria-labelledby="messaggi" className="mt-8">
        <h2 id="messaggi" className="text-2xl font-bold">
          Messaggi
        </h2>
        <SupportThreadView thread={thread} base="/cit/assistenza" citName={provider.serviceCentreShortName} />
      </section>
      <section aria-labelledby="rispondi" className="mt-8">
        <h2 id="rispondi" className="text-2xl font-bold">
          Rispondi all’Ente
        </h2>
        <SupportMessageForm kind="cit" action={`/cit/assistenza/${request.id}/risposta`} redirectBase="/cit/assistenza" />
      </section>
    </>
  );
}
