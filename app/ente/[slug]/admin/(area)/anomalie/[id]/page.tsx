import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RefundForm } from '@/app/_components/anomalies/refund-form';
import { ResolveAnomalyForm } from '@/app/_components/anomalies/resolve-anomaly-form';
import { FieldList } from '@/app/_components/receipts/field-list';
import { getDb } from '@/db';
import { ANOMALY_KIND_LABELS } from '@/lib/anomalies/labels';
import { findAnomaly } from '@/lib/anomalies/queries';
import { REFUND_METHOD_LABELS } from '@/lib/anomalies/schemas';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { formatAmount, formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

export const metadata: Metadata = { title: 'Anomalia' };

/**
 * One anomaly: the flagged receipt it left in the chain, and what was done about it. The Ente's admin
 * records the refund (which resolves it); operators within their services see it and may resolve with a
 * note. Another Ente's anomaly, or one outside an operator's services, is a 404.
 */
export default async function AnomalyPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaff(ente, ['ente_admin', 'ente_operator']);
  if (!uuidSchema.safeParse(id).success) notFound();
  const a = await findAnomaly(await getDb(), { enteId: ente.id, serviceIds: staff.serviceIds }, id);
  if (!a) notFound();

  return (
    <>
      <p>
        <a href={`/admin/anomalie?stato=${a.resolvedAt ? 'risolte' : 'aperte'}`}>← Tutte le anomalie</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Anomalia: {ANOMALY_KIND_LABELS[a.kind]}</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Il denaro è stato incassato: la ricevuta è conservata nella catena delle ricevute dell’Ente, segnalata, e non ha pagato nessuna
        posizione.
      </p>
      <FieldList
        fields={[
          ['Ricevuta il', formatDateTime(a.createdAt)],
          [
            'Codice avviso',
            a.noticeNumber && (
              <span key="avviso" className="font-mono">
                {a.positionId ? (
                  <a href={`/admin/posizioni/${a.positionId}`}>{formatNoticeNumber(a.noticeNumber)}</a>
                ) : (
                  formatNoticeNumber(a.noticeNumber)
                )}
              </span>
            ),
          ],
          ['Servizio', a.serviceTitle],
          [
            'Ricevuta',
            a.receiptRowId ? (
              <a key="ricevuta" className="break-all" href={`/admin/ricevute/${a.receiptRowId}`}>
                {a.receiptId}
              </a>
            ) : (
              a.receiptId
            ),
          ],
          ['Importo incassato', a.amountCents === null ? null : formatEuro(a.amountCents)],
          ['Importo dovuto', a.expectedAmountCents === null ? null : formatEuro(a.expectedAmountCents)],
          [
            'Stato',
            a.resolvedAt
              ? `Risolta il ${formatDateTime(a.resolvedAt)}${a.resolvedByName ? ` da ${a.resolvedByName}` : ''}`
              : 'Da risolvere',
          ],
          ['Nota', a.resolutionNote && <span className="whitespace-pre-line">{a.resolutionNote}</span>],
        ]}
      />
      <section aria-labelledby="rimborso" className="mt-8">
        <h2 id="rimborso" className="text-2xl font-bold">
          Rimborso
        </h2>
        {a.refund ? (
          <FieldList
            fields={[
              ['Modalità', REFUND_METHOD_LABELS[a.refund.method]],
              [
                'Riferimento (CRO/TRN)',
                <span key="riferimento" className="font-mono break-all">
                  {a.refund.reference}
                </span>,
              ],
              ['Importo restituito', formatEuro(a.refund.amountCents)],
              ['Data del rimborso', formatDate(a.refund.refundedOn)],
              ['Registrato da', a.refund.recordedByName],
              ['Registrato il', formatDateTime(a.refund.recordedAt)],
              ['Nota', a.refund.note && <span className="whitespace-pre-line">{a.refund.note}</span>],
            ]}
          />
        ) : a.resolvedAt ? (
          <p className="mt-4">Nessun rimborso registrato: l’anomalia è stata risolta in altro modo (vedi la nota).</p>
        ) : staff.role === 'ente_admin' ? (
          <div className="mt-4">
            <RefundForm anomalyId={a.id} suggestedAmount={a.amountCents === null ? '' : formatAmount(a.amountCents)} />
          </div>
        ) : (
          <p className="mt-4">Nessun rimborso registrato. Solo l’amministratore dell’Ente può registrare un rimborso.</p>
        )}
      </section>
      {!a.resolvedAt && (
        <section aria-labelledby="risolvi" className="mt-8">
          <h2 id="risolvi" className="text-2xl font-bold">
            Risolvi senza rimborso
          </h2>
          <p className="mt-2 max-w-3xl">Per esempio se il pagamento è stato abbinato a mano a un’altra posizione.</p>
          <div className="mt-4">
            <ResolveAnomalyForm anomalyId={a.id} />
          </div>
        </section>
      )}
    </>
  );
}
