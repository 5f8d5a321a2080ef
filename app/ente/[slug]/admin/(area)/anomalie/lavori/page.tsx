import type { Metadata } from 'next';
import { RetryJobButton } from '@/app/_components/anomalies/retry-job-button';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { listEnteDeadJobs } from '@/lib/jobs/ente-jobs';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Lavori bloccati' };

/** The Ente's background jobs that used all their attempts (positions the partner never accepted), with a retry. */
export default async function DeadJobsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  await requireEnteStaff(ente, ['ente_admin']);
  const page = await listEnteDeadJobs(await getDb(), ente.id, { after: singleParam((await searchParams).dopo), limit: 50 });

  return (
    <>
      <p>
        <a href="/admin/anomalie">← Anomalie</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Lavori bloccati</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Posizioni che il partner tecnologico non ha accettato dopo tutti i tentativi: finché non sono registrate i cittadini non possono
        pagarle. Risolto il problema indicato, riprova.
      </p>
      {page.jobs.length === 0 ? (
        <p className="mt-6 text-lg">Nessun lavoro bloccato.</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {page.jobs.map((job) => {
            // An import batch's job registers many positions at once: positionIds instead of positionId.
            const batch = Array.isArray(job.payload.positionIds) ? job.payload.positionIds.length : null;
            return (
              <li key={job.id} className="rounded border border-line p-4">
                <h2 id={`lavoro-${job.id}`} className="text-xl font-bold">
                  {batch === null
                    ? 'Registrazione della posizione presso il partner'
                    : `Registrazione di ${batch} posizioni importate presso il partner`}
                </h2>
                <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
                  <dt className="font-semibold">Fermo dal</dt>
                  <dd>{formatDateTime(job.deadAt)}</dd>
                  <dt className="font-semibold">Tentativi</dt>
                  <dd>
                    {job.attempts} su {job.maxAttempts}
                  </dd>
                  <dt className="font-semibold">Ultimo errore</dt>
                  <dd className="break-words">{job.lastError ?? '—'}</dd>
                  {batch === null && (
                    <>
                      <dt className="font-semibold">Posizione</dt>
                      <dd>
                        <a href={`/admin/posizioni/${String(job.payload.positionId)}`}>Apri la posizione</a>
                      </dd>
                    </>
                  )}
                </dl>
                <div className="mt-3">
                  <RetryJobButton jobId={job.id} describedBy={`lavoro-${job.id}`} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {page.nextCursor && (
        <p className="mt-6">
          <a className="btn-outline" href={`/admin/anomalie/lavori?dopo=${page.nextCursor}`}>
            Lavori precedenti
          </a>
        </p>
      )}
    </>
  );
}
