import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { FieldList } from '@/app/_components/receipts/field-list';
import { PaymentsTable } from '@/app/_components/reconciliation/payments-table';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { findFlow, flowPayments } from '@/lib/reconciliation/queries';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

export const metadata: Metadata = { title: 'Flusso di rendicontazione' };

const PAGE_SIZE = 200;

/** One flow and its payments, each with what it matched; another Ente's flow is a 404. */
export default async function FlowPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: SearchParams;
}) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaff(ente);
  if (!uuidSchema.safeParse(id).success) notFound();
  const db = await getDb();
  const scope = { enteId: ente.id, serviceIds: staff.serviceIds };
  const flow = await findFlow(db, scope, id);
  if (!flow) notFound();
  const after = singleParam((await searchParams).dopo);
  const page = await flowPayments(db, scope, flow.id, { after, limit: PAGE_SIZE });

  return (
    <>
      <p>
        <a href="/admin/riconciliazione">← Tutti i flussi</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold break-words">Flusso {flow.flowId}</h1>
      {flow.superseded && (
        <p className="mt-2 text-lg font-semibold">Sostituito da una revisione successiva: i suoi pagamenti non contano più.</p>
      )}
      <FieldList
        fields={[
          ['PSP', `${flow.pspName ?? '—'} (${flow.pspId})`],
          ['Data del flusso', formatDateTime(flow.flowDate)],
          ['Revisione', String(flow.revision)],
          [
            'TRN (identificativo del regolamento)',
            <span key="trn" className="font-mono">
              {flow.regulation}
            </span>,
          ],
          ['Data di regolamento', formatDate(flow.regulationDate)],
          ['BIC della banca riversante', flow.bicCodePouringBank],
          ['Pagamenti', String(flow.payments)],
          ['Totale', formatEuro(flow.sumCents)],
          ['Abbinati', String(flow.matched)],
          ['Senza ricevuta', String(flow.unmatched)],
          ['Con importo diverso dalla ricevuta', String(flow.mismatched)],
          ['Ricevuto da', flow.source === 'govpay' ? 'GovPay (notifica)' : 'pagoPA FdR (lettura periodica)'],
          ['Importato il', formatDateTime(flow.importedAt)],
        ]}
      />
      <p className="mt-6 flex flex-wrap gap-3">
        <a className="btn-outline" href={`/admin/riconciliazione/export.csv?flusso=${flow.id}`} download>
          Esporta il flusso in CSV
        </a>
        <a className="btn-outline" href={`/admin/riconciliazione/export.xlsx?flusso=${flow.id}`} download>
          Esporta il flusso in Excel (XLSX)
        </a>
      </p>
      <section aria-labelledby="pagamenti" className="mt-8">
        <h2 id="pagamenti" className="text-2xl font-bold">
          Pagamenti
        </h2>
        {page.lines.length === 0 ? (
          <p className="mt-4 text-lg">Nessun pagamento da mostrare.</p>
        ) : (
          <PaymentsTable lines={page.lines} caption="Pagamenti del flusso e ricevute abbinate" />
        )}
        {page.nextCursor && (
          <p className="mt-4">
            <a className="btn-outline" href={`/admin/riconciliazione/${flow.id}?dopo=${page.nextCursor}`}>
              Pagamenti successivi
            </a>
          </p>
        )}
      </section>
    </>
  );
}
