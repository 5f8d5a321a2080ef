import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getReadDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDate } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { servicesInScope } from '@/lib/positions/scope-services';
import { firstValues, positionFiltersSchema } from '@/lib/positions/staff-filters';
import { listPositions } from '@/lib/positions/staff-list';
import { POSITION_STATUS_LABELS } from '@/lib/positions/status-labels';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { PositionFiltersForm } from './filters-form';
import { PositionTotals } from './totals';

export const metadata: Metadata = { title: 'Posizioni debitorie' };

export default async function PositionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente);
  const db = await getReadDb();
  const query = firstValues(await searchParams);
  const parsed = positionFiltersSchema.safeParse(query);
  const services = await servicesInScope(db, ente.id, staff);
  const canCreate = staff.role !== 'ente_viewer';
  const page = parsed.success ? await listPositions(db, ente.id, staff, parsed.data) : undefined;
  const nextQuery = page?.next ? new URLSearchParams({ ...query, dopo: page.next }).toString() : undefined;
  const firstQuery = new URLSearchParams(query);
  firstQuery.delete('dopo');

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-3xl font-bold">Posizioni debitorie</h1>
        {canCreate && (
          <a href="/admin/posizioni/nuova" className="btn-primary">
            Nuova posizione allo sportello
          </a>
        )}
      </div>
      <PositionFiltersForm
        values={query}
        errors={parsed.success ? {} : fieldErrorsOf(parsed.error)}
        services={services.map((s) => ({ id: s.id, title: s.title }))}
      />
      {page && parsed.data && (
        <section aria-labelledby="risultati" className="mt-8">
          <h2 id="risultati" className="text-xl font-bold">
            Risultati
          </h2>
          {page.rows.length === 0 && !query.dopo ? (
            <p className="mt-2" role="status">
              Nessuna posizione corrisponde ai filtri.
            </p>
          ) : (
            <Suspense fallback={<p className="mt-2">Calcolo dei totali in corso…</p>}>
              <PositionTotals enteId={ente.id} scope={{ serviceIds: staff.serviceIds }} filters={{ ...parsed.data, dopo: undefined }} />
            </Suspense>
          )}
          {page.rows.length > 0 && (
            <div className="mt-4 overflow-x-auto">
              <table className="w-full min-w-[48rem] border-collapse text-left">
                <caption className="sr-only">Posizioni, dalla più recente</caption>
                <thead>
                  <tr className="border-b-2 border-line">
                    <th scope="col" className="py-2 pr-3">
                      Codice avviso
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Debitore
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Causale
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Servizio
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right">
                      Importo
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Scadenza
                    </th>
                    <th scope="col" className="py-2">
                      Stato
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.rows.map((p) => (
                    <tr key={p.id} className="border-b border-line align-top">
                      <td className="py-2 pr-3 whitespace-nowrap">
                        <a href={`/admin/posizioni/${p.id}`}>{formatNoticeNumber(p.noticeNumber)}</a>
                        {p.externalId && <span className="block text-sm text-muted">Id esterno {p.externalId}</span>}
                      </td>
                      <td className="py-2 pr-3">
                        {p.debtorName ?? '—'}
                        {p.debtorFiscalCode && <span className="block text-sm text-muted">{p.debtorFiscalCode}</span>}
                      </td>
                      <td className="py-2 pr-3">{p.causale}</td>
                      <td className="py-2 pr-3">{p.serviceTitle ?? '—'}</td>
                      <td className="py-2 pr-3 text-right whitespace-nowrap">{formatEuro(p.amountCents)}</td>
                      <td className="py-2 pr-3 whitespace-nowrap">{p.dueDate ? formatDate(p.dueDate) : '—'}</td>
                      <td className="py-2">{POSITION_STATUS_LABELS[p.status]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {(query.dopo || nextQuery) && (
            <nav aria-label="Pagine dei risultati" className="mt-4 flex gap-4">
              {query.dopo && <a href={`?${firstQuery.toString()}`}>Torna ai più recenti</a>}
              {nextQuery && <a href={`?${nextQuery}`}>Pagina successiva</a>}
            </nav>
          )}
        </section>
      )}
    </>
  );
}
