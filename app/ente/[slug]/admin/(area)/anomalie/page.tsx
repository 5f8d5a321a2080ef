import type { Metadata } from 'next';
import { ResolveAnomalyForm } from '@/app/_components/anomalies/resolve-anomaly-form';
import { getDb } from '@/db';
import { ANOMALY_KIND_LABELS } from '@/lib/anomalies/labels';
import { listAnomalies } from '@/lib/anomalies/queries';
import { anomalyStateSchema } from '@/lib/anomalies/schemas';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Anomalie' };

const PAGE_SIZE = 30;

/**
 * Payment outcomes that matched nothing safely (unknown notice, wrong amount, a notice not payable or paid
 * twice): nothing was marked paid, a person decides what to do and writes it down.
 */
export default async function AnomaliesPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente, ['ente_admin', 'ente_operator']);
  const query = await searchParams;
  const state = anomalyStateSchema.parse(singleParam(query.stato));
  const after = singleParam(query.dopo);
  const page = await listAnomalies(await getDb(), { enteId: ente.id, serviceIds: staff.serviceIds }, { state, after, limit: PAGE_SIZE });

  return (
    <>
      <h1 className="text-3xl font-bold">Anomalie</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Ricevute che non corrispondono a una posizione pagabile: il denaro è stato incassato e la ricevuta è conservata, ma nessuna
        posizione è stata segnata come pagata. Verifica, intervieni (rimborso, abbinamento a mano) e annota che cosa hai fatto.
      </p>
      {staff.role === 'ente_admin' && (
        <p className="mt-2">
          <a href="/admin/anomalie/lavori">Lavori bloccati (registrazioni non riuscite presso il partner)</a>
        </p>
      )}
      <nav aria-label="Filtra le anomalie" className="mt-6 flex gap-2">
        {(['aperte', 'risolte'] as const).map((s) => (
          <a
            key={s}
            href={`/admin/anomalie?stato=${s}`}
            aria-current={s === state ? 'page' : undefined}
            className="btn-outline aria-[current=page]:bg-primary-light"
          >
            {s === 'aperte' ? 'Da risolvere' : 'Risolte'}
          </a>
        ))}
      </nav>
      {page.lines.length === 0 ? (
        <p className="mt-6 text-lg">{state === 'aperte' ? 'Nessuna anomalia da risolvere.' : 'Nessuna anomalia risolta.'}</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {page.lines.map((a) => (
            <li key={a.id} className="rounded border border-line p-4">
              <h2 className="text-xl font-bold">
                <a href={`/admin/anomalie/${a.id}`}>{ANOMALY_KIND_LABELS[a.kind]}</a>
              </h2>
              <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
                <dt className="font-semibold">Ricevuta il</dt>
                <dd>{formatDateTime(a.createdAt)}</dd>
                <dt className="font-semibold">Codice avviso</dt>
                <dd className="font-mono">
                  {a.noticeNumber ? (
                    a.positionId ? (
                      <a href={`/admin/posizioni/${a.positionId}`}>{formatNoticeNumber(a.noticeNumber)}</a>
                    ) : (
                      formatNoticeNumber(a.noticeNumber)
                    )
                  ) : (
                    '—'
                  )}
                </dd>
                <dt className="font-semibold">Servizio</dt>
                <dd>{a.serviceTitle ?? '—'}</dd>
                <dt className="font-semibold">Identificativo ricevuta</dt>
                <dd className="break-all">{a.receiptId ?? '—'}</dd>
                <dt className="font-semibold">Importo pagato</dt>
                <dd>{a.amountCents === null ? '—' : formatEuro(a.amountCents)}</dd>
                {a.expectedAmountCents !== null && (
                  <>
                    <dt className="font-semibold">Importo dovuto</dt>
                    <dd>{formatEuro(a.expectedAmountCents)}</dd>
                  </>
                )}
                {a.resolvedAt && (
                  <>
                    <dt className="font-semibold">Risolta il</dt>
                    <dd>
                      {formatDateTime(a.resolvedAt)}
                      {a.resolvedByName && ` da ${a.resolvedByName}`}
                    </dd>
                    <dt className="font-semibold">Nota</dt>
                    <dd className="whitespace-pre-line">{a.resolutionNote}</dd>
                  </>
                )}
              </dl>
              {!a.resolvedAt && (
                <div className="mt-4">
                  <p className="mb-3">
                    <a href={`/admin/anomalie/${a.id}`}>{staff.role === 'ente_admin' ? 'Registra il rimborso' : 'Apri l’anomalia'}</a>
                  </p>
                  <ResolveAnomalyForm anomalyId={a.id} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {page.nextCursor && (
        <p className="mt-6">
          <a className="btn-outline" href={`/admin/anomalie?stato=${state}&dopo=${page.nextCursor}`}>
            Anomalie precedenti
          </a>
        </p>
      )}
    </>
  );
}
