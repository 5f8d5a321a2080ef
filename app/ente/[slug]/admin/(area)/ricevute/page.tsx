import type { Metadata } from 'next';
import { CursorPager } from '@/app/_components/cursor-pager';
import { ExportLinks } from '@/app/_components/export-links';
import { ReceiptFiltersForm } from '@/app/_components/receipts/receipt-filters-form';
import { getReadDb } from '@/db';
import { ANOMALY_KIND_LABELS } from '@/lib/anomalies/labels';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { filterInputOf, filtersToQuery, receiptFiltersSchema, type ReceiptFilters } from '@/lib/receipts/filters';
import { searchReceipts, servicesInScope } from '@/lib/receipts/queries';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

export const metadata: Metadata = { title: 'Ricevute' };

const PAGE_SIZE = 50;

export default async function ReceiptsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente);
  const query = await searchParams;
  const input = filterInputOf((key) => singleParam(query[key]));
  const parsed = receiptFiltersSchema.safeParse(input);
  const filters: ReceiptFilters = parsed.success ? parsed.data : {};
  const scope = { enteId: ente.id, serviceIds: staff.serviceIds };
  const db = await getReadDb();
  const after = singleParam(query.dopo);
  const [page, services] = await Promise.all([
    parsed.success ? searchReceipts(db, scope, filters, { after, limit: PAGE_SIZE }) : { lines: [], nextCursor: null },
    servicesInScope(db, scope),
  ]);
  const filterQuery = filtersToQuery(filters).toString();
  const withQuery = (path: string, extra?: Record<string, string>) => {
    const q = new URLSearchParams(filterQuery);
    for (const [k, v] of Object.entries(extra ?? {})) q.set(k, v);
    return q.size > 0 ? `${path}?${q}` : path;
  };

  return (
    <>
      <h1 className="text-3xl font-bold">Ricevute</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Le ricevute dei pagamenti incassati, dalla più recente.
        {staff.serviceIds && ' Vedi solo quelle dei servizi che ti sono assegnati.'}
      </p>
      <div className="mt-6">
        <ReceiptFiltersForm values={input} errors={parsed.success ? {} : fieldErrorsOf(parsed.error)} services={services} />
      </div>
      {parsed.success && (
        <ExportLinks hrefOf={(format) => withQuery(`/admin/ricevute/export.${format}`)}>
          L&apos;esportazione contiene tutte le ricevute che corrispondono ai filtri.
        </ExportLinks>
      )}
      <section aria-labelledby="risultati" className="mt-8">
        <h2 id="risultati" className="text-2xl font-bold">
          Risultati
        </h2>
        {!parsed.success ? (
          <p className="mt-4 text-lg">Correggi i filtri segnalati per vedere le ricevute.</p>
        ) : page.lines.length === 0 ? (
          <p className="mt-4 text-lg">Nessuna ricevuta corrisponde alla ricerca.</p>
        ) : (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full min-w-[48rem] border-collapse text-left">
              <caption className="sr-only">Ricevute, dalla più recente</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="p-2">
                    Pagata il
                  </th>
                  <th scope="col" className="p-2">
                    Codice avviso
                  </th>
                  <th scope="col" className="p-2">
                    Debitore
                  </th>
                  <th scope="col" className="p-2">
                    Servizio
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Importo
                  </th>
                  <th scope="col" className="p-2">
                    PSP
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.lines.map((line) => (
                  <tr key={line.id} className="border-b border-line">
                    <td className="p-2 whitespace-nowrap">{formatDateTime(line.paymentDateTime)}</td>
                    <td className="p-2 font-mono whitespace-nowrap">
                      <a href={`/admin/ricevute/${line.id}`}>{formatNoticeNumber(line.noticeNumber)}</a>
                      {line.anomaly && (
                        <span className="block font-sans text-sm font-semibold text-danger">
                          Anomalia: {ANOMALY_KIND_LABELS[line.anomaly]}
                        </span>
                      )}
                    </td>
                    <td className="p-2">{line.debtorName ?? '—'}</td>
                    <td className="p-2">{line.serviceTitle ?? '—'}</td>
                    <td className="p-2 text-right whitespace-nowrap">{formatEuro(line.amountCents)}</td>
                    <td className="p-2">{line.pspName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CursorPager
          label="Pagine dei risultati"
          first={after ? { href: withQuery('/admin/ricevute'), text: 'Torna alle più recenti' } : null}
          next={page.nextCursor ? { href: withQuery('/admin/ricevute', { dopo: page.nextCursor }), text: 'Ricevute precedenti' } : null}
        />
      </section>
    </>
  );
}
