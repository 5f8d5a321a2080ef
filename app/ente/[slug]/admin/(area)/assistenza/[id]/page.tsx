import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SupportMessageForm } from '@/app/_components/support/message-form';
import { EnteRequestStateButton } from '@/app/_components/support/state-actions';
import { SupportStatusBadge } from '@/app/_components/support/status-badge';
import { SupportThreadView } from '@/app/_components/support/thread';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { currentProvider } from '@/lib/provider/current';
import { SUPPORT_CATEGORY_LABELS } from '@/lib/support/labels';
import { findSupportThread } from '@/lib/support/queries';
import { SUPPORT_ENTE_ROLES } from '@/lib/support/roles';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

export const metadata: Metadata = { title: 'Richiesta di assistenza' };

/** One request: its thread with the CIT's answers, the reply form, and closing or reopening it. */
export default async function SupportRequestPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  await requireEnteStaff(ente, SUPPORT_ENTE_ROLES);
  const thread = uuidSchema.safeParse(id).success
    ? await findSupportThread(await getDb(), { kind: 'ente', enteId: ente.id }, id)
    : undefined;
  if (!thread) notFound();
  const { request } = thread;
  const provider = await currentProvider();
  const closed = request.status === 'chiusa';
  return (
    <>
      <p>
        <a href="/admin/assistenza">Tutte le richieste</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold break-words">
        Richiesta n. {request.number}: {request.subject}
      </h1>
      <dl className="mt-4 grid max-w-3xl gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
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
      </dl>
      <section aria-labelledby="messaggi" className="mt-8">
        <h2 id="messaggi" className="text-2xl font-bold">
          Messaggi
        </h2>
        <SupportThreadView thread={thread} base="/admin/assistenza" citName={provider.serviceCentreShortName} />
      </section>
      {!closed && (
        <section aria-labelledby="rispondi" className="mt-8">
          <h2 id="rispondi" className="text-2xl font-bold">
            Scrivi al centro servizi
          </h2>
          <SupportMessageForm kind="risposta" action={`/admin/assistenza/${request.id}/risposta`} redirectBase="/admin/assistenza" />
        </section>
      )}
      <section aria-labelledby="stato-richiesta" className="mt-8">
        <h2 id="stato-richiesta" className="text-2xl font-bold">
          {closed ? 'Il problema si è ripresentato?' : 'Problema risolto?'}
        </h2>
        <div className="mt-3">
          <EnteRequestStateButton id={request.id} closed={closed} />
        </div>
      </section>
    </>
  );
}
