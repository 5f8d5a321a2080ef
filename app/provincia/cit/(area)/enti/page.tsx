import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { ENTE_KIND_LABELS } from '@/lib/enti/labels';
import { formatDate } from '@/lib/format/date';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { countEntiByStatus, listEntiForCit } from '@/lib/onboarding/queries';
import { connectionStates } from '@/lib/partners/connection-admin';
import { adhesionFilterSchema } from '@/lib/onboarding/schemas';
import { ADHESION_STATUS_LABELS, type AdhesionStatus } from '@/lib/onboarding/state';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export const metadata: Metadata = { title: 'Enti e adesioni' };

const STATUSES = Object.keys(ADHESION_STATUS_LABELS) as AdhesionStatus[];

/** The Enti of the portal with their adhesion state: counts per state, filters, and the way to register a new one. */
export default async function CitEntiPage({ searchParams }: { searchParams: SearchParams }) {
  await requireProvinciaHost();
  await requireCitStaff();
  const query = await searchParams;
  const filter = adhesionFilterSchema.parse({
    stato: singleParam(query.stato),
    tipo: singleParam(query.tipo),
    q: singleParam(query.q) || undefined,
  });
  const db = await getDb();
  const [rows, counts] = await Promise.all([listEntiForCit(db, filter), countEntiByStatus(db)]);
  const connections = await connectionStates(
    db,
    rows.map((r) => r.id),
  );
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-3xl font-bold">Enti e adesioni</h1>
        <a href="/cit/enti/nuovo" className="btn-primary">
          Registra un Ente
        </a>
      </div>
      <ul className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-5" aria-label="Enti per stato dell’adesione">
        {STATUSES.map((status) => (
          <li key={status}>
            <a
              href={`/cit/enti?stato=${status}`}
              aria-current={filter.stato === status ? 'true' : undefined}
              className="block rounded border border-line p-3 no-underline hover:border-primary aria-[current=true]:border-primary aria-[current=true]:bg-surface"
            >
              <span className="block text-2xl font-bold">{counts[status]}</span>
              <span className="text-muted">{ADHESION_STATUS_LABELS[status]}</span>
            </a>
          </li>
        ))}
      </ul>
      <form
        method="get"
        action="/cit/enti"
        className="mt-6 flex flex-col gap-4 rounded border border-line p-4 sm:flex-row sm:items-end"
        aria-label="Filtri degli Enti"
      >
        <div>
          <label htmlFor="q" className="mb-1 block font-semibold">
            Nome, sottodominio o codice fiscale
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filter.q ?? ''}
            className="min-h-12 w-full rounded border-2 border-muted bg-white px-3"
          />
        </div>
        <div>
          <label htmlFor="stato" className="mb-1 block font-semibold">
            Stato
          </label>
          <select
            id="stato"
            name="stato"
            defaultValue={filter.stato ?? ''}
            className="min-h-12 w-full rounded border-2 border-muted bg-white px-3"
          >
            <option value="">Tutti</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {ADHESION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="tipo" className="mb-1 block font-semibold">
            Tipo
          </label>
          <select
            id="tipo"
            name="tipo"
            defaultValue={filter.tipo ?? ''}
            className="min-h-12 w-full rounded border-2 border-muted bg-white px-3"
          >
            <option value="">Tutti</option>
            {Object.entries(ENTE_KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-primary">
          Filtra
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="mt-6" role="status">
          Nessun Ente corrisponde ai filtri.
        </p>
      ) : (
        <div className="mt-6 overflow-x-auto" tabIndex={0} role="region" aria-label="Elenco degli Enti">
          <table className="w-full min-w-[48rem] border-collapse text-left">
            <thead>
              <tr className="border-b-2 border-line">
                <th scope="col" className="py-2 pr-4">
                  Ente
                </th>
                <th scope="col" className="py-2 pr-4">
                  Tipo
                </th>
                <th scope="col" className="py-2 pr-4">
                  Stato
                </th>
                <th scope="col" className="py-2 pr-4">
                  Partner
                </th>
                <th scope="col" className="py-2 pr-4">
                  Attivo dal
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-b border-line">
                  <td className="py-2 pr-4">
                    <a href={`/cit/enti/${row.id}`} className="font-semibold">
                      {row.name}
                    </a>
                    <span className="block text-sm text-muted">
                      {row.slug}
                      {row.parentName && ` · ${row.parentName}`}
                    </span>
                  </td>
                  <td className="py-2 pr-4">{ENTE_KIND_LABELS[row.kind]}</td>
                  <td className="py-2 pr-4">
                    {ADHESION_STATUS_LABELS[row.adhesionStatus]}
                    {row.terminationRequestedAt && row.adhesionStatus !== 'cessato' && (
                      <span className="block text-sm font-semibold text-danger">Disdetta richiesta</span>
                    )}
                  </td>
                  <td className="py-2 pr-4">
                    {row.partnerName ?? '—'}
                    {connections.get(row.id) === 'missing' && (
                      <span className="block text-sm font-semibold text-danger">Collegamento da configurare</span>
                    )}
                  </td>
                  <td className="py-2 pr-4">{row.activatedAt ? formatDate(row.activatedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
