import type { Metadata } from 'next';
import { SupportRequestsTable } from '@/app/_components/support/requests-table';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { currentProvider } from '@/lib/provider/current';
import { listSupportRequests } from '@/lib/support/queries';
import { SUPPORT_ENTE_ROLES } from '@/lib/support/roles';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Assistenza' };

/** The Ente's helpdesk requests to the CIT, with their state: the answers are inside each one. */
export default async function SupportPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  await requireEnteStaff(ente, SUPPORT_ENTE_ROLES);
  const after = singleParam((await searchParams).dopo);
  const page = await listSupportRequests(await getDb(), { kind: 'ente', enteId: ente.id }, { after });
  const provider = await currentProvider();
  return (
    <>
      <h1 className="text-3xl font-bold">Assistenza</h1>
      <p className="mt-3 max-w-3xl text-lg">
        Chiedi aiuto al centro servizi del portale ({provider.serviceCentreShortName}) su pagamenti, posizioni, importazioni, catalogo o
        adesione. Le risposte arrivano qui, nella pagina di ogni richiesta.
      </p>
      <p className="mt-4">
        <a href="/admin/assistenza/nuova" className="btn-primary">
          Nuova richiesta
        </a>
      </p>
      <section aria-labelledby="richieste" className="mt-8">
        <h2 id="richieste" className="text-2xl font-bold">
          Le richieste dell’Ente
        </h2>
        {page.lines.length === 0 ? (
          <p className="mt-3">{after ? 'Non ci sono altre richieste.' : 'Nessuna richiesta finora.'}</p>
        ) : (
          <SupportRequestsTable lines={page.lines} base="/admin/assistenza" />
        )}
        {page.nextCursor && (
          <p className="mt-4">
            <a href={`/admin/assistenza?dopo=${page.nextCursor}`}>Richieste meno recenti</a>
          </p>
        )}
      </section>
    </>
  );
}
