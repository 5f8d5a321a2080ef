import type { Metadata } from 'next';
import { CursorPager } from '@/app/_components/cursor-pager';
import { PaymentsTable } from '@/app/_components/reconciliation/payments-table';
import { ReconciliationTabs } from '@/app/_components/reconciliation/reconciliation-tabs';
import { TableScroll } from '@/app/_components/table-scroll';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { readConfig } from '@/lib/config';
import { formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { anomalyTabSchema, type AnomalyTab } from '@/lib/reconciliation/filters';
import { paymentAnomalies, unreportedPositions } from '@/lib/reconciliation/queries';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Anomalie di riconciliazione' };

const PAGE_SIZE = 50;

const TABS: Record<AnomalyTab, string> = {
  'non-abbinati': 'Pagamenti senza ricevuta',
  importi: 'Importi diversi',
  'non-rendicontati': 'Ricevute non rendicontate',
};

/** What did not reconcile: flow payments without a receipt or of another amount, receipts never reported. */
export default async function ReconciliationAnomaliesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: SearchParams;
}) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente);
  const query = await searchParams;
  const tab = anomalyTabSchema.parse(singleParam(query.vista));
  const after = singleParam(query.dopo);
  const db = await getDb();
  const scope = { enteId: ente.id, serviceIds: staff.serviceIds };
  const grace = readConfig().REPORTING_GRACE_DAYS;
  const payments =
    tab === 'non-rendicontati'
      ? null
      : await paymentAnomalies(db, scope, tab === 'importi' ? 'mismatched' : 'unmatched', { after, limit: PAGE_SIZE });
  const unreported = tab === 'non-rendicontati' ? await unreportedPositions(db, scope, grace, { after, limit: PAGE_SIZE }) : null;
  const nextCursor = payments?.nextCursor ?? unreported?.nextCursor ?? null;

  return (
    <>
      <h1 className="text-3xl font-bold">Riconciliazione</h1>
      <ReconciliationTabs current="anomalie" />
      <nav aria-label="Tipo di anomalia" className="mt-6 flex flex-wrap gap-2">
        {(Object.keys(TABS) as AnomalyTab[]).map((key) => (
          <a
            key={key}
            href={`/admin/riconciliazione/anomalie?vista=${key}`}
            aria-current={key === tab ? 'page' : undefined}
            className="btn-outline aria-[current=page]:bg-primary-light"
          >
            {TABS[key]}
          </a>
        ))}
      </nav>
      <h2 className="mt-8 text-2xl font-bold">{TABS[tab]}</h2>
      <p className="mt-2 max-w-3xl">
        {tab === 'non-abbinati' &&
          'Pagamenti di un flusso che non corrispondono a nessuna ricevuta dell’Ente: verifica con il partner o con il PSP a quale avviso si riferiscono.'}
        {tab === 'importi' && 'Pagamenti abbinati a una ricevuta il cui accredito ha un importo diverso da quello riversato.'}
        {tab === 'non-rendicontati' &&
          `Posizioni pagate da più di ${grace} giorni che non compaiono ancora in nessun flusso di rendicontazione.`}
      </p>
      {payments &&
        (payments.lines.length === 0 ? (
          <p className="mt-4 text-lg">Nessuna anomalia di questo tipo.</p>
        ) : (
          <PaymentsTable lines={payments.lines} caption={TABS[tab]} withFlow />
        ))}
      {unreported &&
        (unreported.lines.length === 0 ? (
          <p className="mt-4 text-lg">Nessuna ricevuta in attesa di rendicontazione oltre il termine.</p>
        ) : (
          <TableScroll label={TABS[tab]}>
            <table className="w-full min-w-[48rem] border-collapse text-left">
              <caption className="sr-only">{TABS[tab]}</caption>
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
                </tr>
              </thead>
              <tbody>
                {unreported.lines.map((line) => (
                  <tr key={line.id} className="border-b border-line">
                    <td className="p-2 whitespace-nowrap">{formatDateTime(line.paidAt)}</td>
                    <td className="p-2 font-mono whitespace-nowrap">
                      <a href={`/admin/posizioni/${line.id}`}>{formatNoticeNumber(line.noticeNumber)}</a>
                    </td>
                    <td className="p-2">{line.debtorName ?? '—'}</td>
                    <td className="p-2">{line.serviceTitle ?? '—'}</td>
                    <td className="p-2 text-right whitespace-nowrap">{formatEuro(line.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ))}
      <CursorPager
        label="Pagine delle anomalie"
        first={after ? { href: `/admin/riconciliazione/anomalie?vista=${tab}`, text: 'Torna alle più recenti' } : null}
        next={nextCursor ? { href: `/admin/riconciliazione/anomalie?vista=${tab}&dopo=${nextCursor}`, text: 'Successive' } : null}
      />
    </>
  );
}
