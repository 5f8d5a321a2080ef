import type { Metadata } from 'next';
import { CursorPager } from '@/app/_components/cursor-pager';
import { getReadDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { listConservazioneExports } from '@/lib/conservazione/queries';
import { CONSERVAZIONE_VIEW_ROLES } from '@/lib/conservazione/roles';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { ConservazioneNav } from '../conservazione-nav';

export const metadata: Metadata = { title: 'Pacchetti giornalieri di conservazione' };

const PAGE_SIZE = 30;

const size = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('it-IT')} KB`
    : `${(bytes / 1024 / 1024).toLocaleString('it-IT', { maximumFractionDigits: 1 })} MB`;

/**
 * The SInCRO ZIPs of the Ente's days, newest first, each with the SHA-256 recorded when it was built: the file
 * to hand to a conservatore other than ParER, also downloadable by API.
 */
export default async function ConservazioneExportsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: SearchParams;
}) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente, CONSERVAZIONE_VIEW_ROLES);
  const after = singleParam((await searchParams).dopo);
  const page = await listConservazioneExports(await getReadDb(), ente.id, { after, limit: PAGE_SIZE });

  return (
    <>
      <h1 className="text-3xl font-bold">Pacchetti giornalieri</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Per gli Enti che affidano le ricevute a un conservatore diverso da ParER: ogni giorno un pacchetto ZIP con le ricevute, il loro PDF,
        i metadati e l’indice UNI SInCRO (PIndex.xml) con l’impronta SHA-256 di ogni file, creato la notte dopo la fine del giorno. I
        sistemi dell’Ente lo scaricano anche con l’API (
        <span className="font-mono break-all">GET /api/v1/preservation/exports/AAAA-MM-GG</span>), con una chiave che abbia l’ambito
        «Conservazione».
      </p>
      <ConservazioneNav current="/admin/conservazione/esportazioni" admin={staff.role === 'ente_admin'} />
      <section aria-labelledby="pacchetti" className="mt-8">
        <h2 id="pacchetti" className="text-2xl font-bold">
          Pacchetti, dal più recente
        </h2>
        {page.lines.length === 0 ? (
          <p className="mt-4 text-lg">Nessun pacchetto finora.</p>
        ) : (
          <ul className="mt-4 space-y-4">
            {page.lines.map((e) => (
              <li key={e.id} className="rounded border border-line p-4">
                <h3 className="text-xl font-bold">Ricevute del {formatDate(e.day)}</h3>
                <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
                  <dt className="font-semibold">Creato il</dt>
                  <dd>{formatDateTime(e.createdAt)}</dd>
                  <dt className="font-semibold">Ricevute</dt>
                  <dd>
                    {e.receipts.toLocaleString('it-IT')}
                    {e.skipped.length > 0 && ` (${e.skipped.length.toLocaleString('it-IT')} escluse: senza documento originale o alterate)`}
                  </dd>
                  <dt className="font-semibold">Dimensione</dt>
                  <dd>{size(e.sizeBytes)}</dd>
                  <dt className="font-semibold">Impronta SHA-256</dt>
                  <dd className="font-mono break-all">{e.sha256}</dd>
                </dl>
                <p className="mt-3">
                  <a className="btn-outline" href={`/admin/conservazione/esportazioni/${e.id}`} download>
                    Scarica {e.fileName}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
        <CursorPager
          label="Pagine dei pacchetti"
          first={after ? { href: '/admin/conservazione/esportazioni', text: 'Torna ai più recenti' } : null}
          next={
            page.nextCursor ? { href: `/admin/conservazione/esportazioni?dopo=${page.nextCursor}`, text: 'Pacchetti precedenti' } : null
          }
        />
      </section>
    </>
  );
}
