import type { Metadata } from 'next';
import { requireEnteStaff } from '@/lib/auth/guards';
import { GUIDE_TASKS } from '@/lib/guide/tasks';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Guida' };

/** The referente's guide: one page per back-office task. */
export default async function GuidePage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const me = await requireEnteStaff(ente);
  return (
    <>
      <h1 className="text-3xl font-bold">Guida al back office</h1>
      <p className="mt-2 max-w-3xl text-muted">
        Come si usa il back office di {ente.name}, un’attività alla volta: a cosa serve ogni pagina, i passi da seguire, i consigli e gli
        errori più comuni. Le immagini sono prese dal portale stesso e si aggiornano a ogni sua nuova versione.
      </p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2">
        {GUIDE_TASKS.map((task) => (
          <li key={task.slug} className="rounded border border-line p-4">
            <h2 className="text-xl font-bold">
              <a href={`/admin/guida/${task.slug}`}>{task.title}</a>
            </h2>
            <p className="mt-1">{task.summary}</p>
            {!task.roles.includes(me.role) && <p className="mt-1 text-sm text-muted">Con il tuo ruolo non apri questa pagina.</p>}
          </li>
        ))}
      </ul>
      <p className="mt-8 max-w-3xl">
        Non trovi la risposta? Apri una richiesta dalla pagina <a href="/admin/assistenza">Assistenza</a>. Il centro servizi organizza anche
        sessioni di formazione per il referente: gli amministratori si iscrivono dalla pagina <a href="/admin/formazione">Formazione</a>.
      </p>
    </>
  );
}
