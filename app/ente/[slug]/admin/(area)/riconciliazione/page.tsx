import type { Metadata } from 'next';
import { CursorPager } from '@/app/_components/cursor-pager';
import { ExportLinks } from '@/app/_components/export-links';
import { DateRangeInputs } from '@/app/_components/date-range-inputs';
import { ReconciliationTabs } from '@/app/_components/reconciliation/reconciliation-tabs';
import { TableScroll } from '@/app/_components/table-scroll';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { reconciliationExportSchema } from '@/lib/reconciliation/filters';
import { listFlows } from '@/lib/reconciliation/queries';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

export const metadata: Metadata = { title: 'Riconciliazione' };

const PAGE_SIZE = 50;

/** The flussi di rendicontazione received (GovPay push or FdR pull), newest first, with what each matched. */
export default async function ReconciliationPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: SearchParams;
}) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente);
  const query = await searchParams;
  const after = singleParam(query.dopo);
  const range = { dal: singleParam(query.dal), al: singleParam(query.al) };
  const parsedRange = reconciliationExportSchema.safeParse(range);
  const page = await listFlows(await getDb(), { enteId: ente.id, serviceIds: staff.serviceIds }, { after, limit: PAGE_SIZE });
  const exportQuery = parsedRange.success
    ? new URLSearchParams(Object.entries(parsedRange.data).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()
    : '';
  const exportHref = (format: 'csv' | 'xlsx') => `/admin/riconciliazione/export.${format}${exportQuery ? `?${exportQuery}` : ''}`;

  return (
    <>
      <h1 className="text-3xl font-bold">Riconciliazione</h1>
      <p className="mt-2 max-w-3xl text-lg">
        I flussi di rendicontazione con cui i PSP riversano gli incassi all’Ente, abbinati alle ricevute. Una posizione è «rendicontata»
        quando tutti i suoi accrediti compaiono in un flusso.
        {staff.serviceIds && ' Vedi solo i pagamenti dei servizi che ti sono assegnati.'}
      </p>
      <ReconciliationTabs current="flussi" />
      <section aria-labelledby="esporta" className="mt-8">
        <h2 id="esporta" className="text-2xl font-bold">
          Esporta per la contabilità
        </h2>
        <form method="get" action="/admin/riconciliazione" className="mt-4 flex flex-wrap items-end gap-4">
          <DateRangeInputs values={range} errors={parsedRange.success ? {} : fieldErrorsOf(parsedRange.error)} />
          <button type="submit" className="btn-outline">
            Scegli il periodo
          </button>
        </form>
        {parsedRange.success && (
          <ExportLinks hrefOf={exportHref}>Un pagamento per riga, dei flussi regolati nel periodo (data di regolamento).</ExportLinks>
        )}
      </section>
      <section aria-labelledby="flussi" className="mt-8">
        <h2 id="flussi" className="text-2xl font-bold">
          Flussi ricevuti
        </h2>
        {page.lines.length === 0 ? (
          <p className="mt-4 text-lg">Nessun flusso di rendicontazione ricevuto.</p>
        ) : (
          <TableScroll label="Flussi di rendicontazione">
            <table className="w-full min-w-[56rem] border-collapse text-left">
              <caption className="sr-only">Flussi di rendicontazione, dal più recente</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="p-2">
                    Data del flusso
                  </th>
                  <th scope="col" className="p-2">
                    PSP
                  </th>
                  <th scope="col" className="p-2">
                    TRN e regolamento
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Pagamenti
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Totale
                  </th>
                  <th scope="col" className="p-2">
                    Abbinati / non abbinati
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.lines.map((flow) => (
                  <tr key={flow.id} className="border-b border-line align-top">
                    <td className="p-2 whitespace-nowrap">
                      <a href={`/admin/riconciliazione/${flow.id}`}>{formatDateTime(flow.flowDate)}</a>
                      <span className="block text-sm">
                        {flow.flowId}
                        {flow.revision > 1 && ` · revisione ${flow.revision}`}
                      </span>
                      {flow.superseded && <span className="block text-sm font-semibold">Sostituito da una revisione successiva</span>}
                    </td>
                    <td className="p-2">{flow.pspName ?? flow.pspId}</td>
                    <td className="p-2">
                      <span className="font-mono">{flow.regulation}</span>
                      <span className="block text-sm">{formatDate(flow.regulationDate)}</span>
                    </td>
                    <td className="p-2 text-right">{flow.payments}</td>
                    <td className="p-2 text-right whitespace-nowrap">{formatEuro(flow.sumCents)}</td>
                    <td className="p-2">
                      {flow.matched} / {flow.unmatched + flow.mismatched}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <CursorPager
          label="Pagine dei flussi"
          first={after ? { href: '/admin/riconciliazione', text: 'Torna ai più recenti' } : null}
          next={page.nextCursor ? { href: `/admin/riconciliazione?dopo=${page.nextCursor}`, text: 'Flussi precedenti' } : null}
        />
      </section>
    </>
  );
}
