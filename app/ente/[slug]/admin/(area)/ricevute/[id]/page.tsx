import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { codeValue, FieldList } from '@/app/_components/receipts/field-list';
import { getDb } from '@/db';
import type { Position } from '@/db/schema';
import { ANOMALY_KIND_LABELS } from '@/lib/anomalies/labels';
import { CONSERVAZIONE_STATE_LABELS } from '@/lib/conservazione/labels';
import { findConservazioneReceipt } from '@/lib/conservazione/queries';
import { CONSERVAZIONE_VIEW_ROLES } from '@/lib/conservazione/roles';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { POSITION_STATUS_LABELS } from '@/lib/receipts/labels';
import { originalFileName } from '@/lib/receipts/original-document';
import { findReceiptForStaff } from '@/lib/receipts/queries';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';

export const metadata: Metadata = { title: 'Ricevuta' };

const subject = (s: { fullName: string; fiscalCode: string; email?: string } | null) =>
  s ? `${s.fullName} (${s.fiscalCode})${s.email ? ` · ${s.email}` : ''}` : null;

const metadataText = (metadata: Record<string, string> | null | undefined) =>
  metadata
    ? Object.entries(metadata)
        .map(([key, value]) => `${key}: ${value}`)
        .join(' · ')
    : null;

/** One receipt with all its fields and its position; another Ente's, or outside an operator's services, is a 404. */
export default async function ReceiptPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaff(ente);
  if (!uuidSchema.safeParse(id).success) notFound();
  const db = await getDb();
  const found = await findReceiptForStaff(db, { enteId: ente.id, serviceIds: staff.serviceIds }, id);
  if (!found) notFound();
  const { receipt: r, position: p, serviceTitle, anomalyId } = found;
  const preservation = await findConservazioneReceipt(db, ente.id, r.id);

  return (
    <>
      <p>
        <a href="/admin/ricevute">← Tutte le ricevute</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold break-all">Ricevuta {r.receiptId}</h1>
      {r.anomaly && (
        <div className="mt-4 rounded border-l-4 border-danger bg-red-50 px-4 py-3">
          <p className="font-semibold text-danger">Anomalia: {ANOMALY_KIND_LABELS[r.anomaly]}</p>
          <p className="mt-1">
            Il pagamento è stato incassato, quindi la ricevuta è nella catena, ma non ha pagato nessuna posizione.
            {anomalyId && staff.role !== 'ente_viewer' && (
              <>
                {' '}
                <a href={`/admin/anomalie/${anomalyId}`}>Apri l’anomalia e il rimborso</a>
              </>
            )}
          </p>
        </div>
      )}
      <p className="mt-4 flex flex-wrap gap-4">
        <a className="btn-primary" href={`/admin/ricevute/${r.id}/ricevuta.pdf`} download>
          Scarica la ricevuta (PDF)
        </a>
        {r.originalDocument && r.originalFormat && (
          <a className="btn-outline" href={`/admin/ricevute/${r.id}/originale`} download={originalFileName(r)}>
            Scarica la ricevuta originale ({r.originalFormat.toUpperCase()})
          </a>
        )}
      </p>
      <section aria-labelledby="pagamento" className="mt-8">
        <h2 id="pagamento" className="text-2xl font-bold">
          Pagamento
        </h2>
        <FieldList
          fields={[
            ['Esito', r.outcome === 'OK' ? 'Pagato' : r.outcome],
            ['Importo', formatEuro(r.amountCents)],
            ['Commissione PSP', r.feeCents === null ? null : formatEuro(r.feeCents)],
            ['Data e ora del pagamento', formatDateTime(r.paymentDateTime)],
            ['Data di applicazione', r.applicationDate && formatDate(r.applicationDate)],
            ['Data di riversamento', r.transferDate && formatDate(r.transferDate)],
            [
              'Codice avviso',
              <span key="avviso" className="font-mono">
                {formatNoticeNumber(r.noticeNumber)}
              </span>,
            ],
            [
              'IUV',
              <span key="iuv" className="font-mono">
                {r.creditorReferenceId}
              </span>,
            ],
            ['Causale', r.description],
            ['Debitore', subject(r.debtor)],
            ['Pagatore', subject(r.payer)],
            ['Identificativo ricevuta', codeValue('ricevuta', r.receiptId)],
            ['PSP', `${r.pspName} (${r.idPsp})`],
            ['Codice fiscale del PSP', codeValue('cf-psp', r.pspFiscalCode)],
            ['Partita IVA del PSP', codeValue('iva-psp', r.pspVatNumber)],
            ['Canale', `${r.idChannel}${r.channelDescription ? ` · ${r.channelDescription}` : ''}`],
            ['Metodo di pagamento', r.paymentMethod],
            ['Nota del pagamento', r.paymentNote],
            ['Metadati', metadataText(r.metadata)],
            ['Pagamento in stand-in', r.standIn === null ? null : r.standIn ? 'Sì' : 'No'],
            ['Ente creditore', `${r.companyName} (${r.creditorFiscalCode})${r.officeName ? ` · ${r.officeName}` : ''}`],
            ['Ricevuta registrata il', formatDateTime(r.createdAt)],
            [
              'Rendicontazione',
              // A position is reported through the receipt that paid it, never through a flagged one.
              !p || r.anomaly
                ? null
                : p.reportedAt
                  ? `Rendicontato il ${formatDateTime(p.reportedAt)}`
                  : 'Non ancora in un flusso di rendicontazione',
            ],
            ['Numero nella catena delle ricevute', String(r.seq)],
            [
              'Conservazione',
              !preservation ? (
                'Non ancora inviata in conservazione'
              ) : CONSERVAZIONE_VIEW_ROLES.includes(staff.role) ? (
                <a key="conservazione" href={`/admin/conservazione/${r.id}`}>
                  {CONSERVAZIONE_STATE_LABELS[preservation.state]}
                </a>
              ) : (
                CONSERVAZIONE_STATE_LABELS[preservation.state]
              ),
            ],
          ]}
        />
      </section>
      <section aria-labelledby="accrediti" className="mt-8">
        <h2 id="accrediti" className="text-2xl font-bold">
          Accrediti
        </h2>
        <div className="mt-4 overflow-x-auto">
          <table className="w-full min-w-[36rem] border-collapse text-left">
            <thead>
              <tr className="border-b-2 border-line">
                <th scope="col" className="p-2">
                  N.
                </th>
                <th scope="col" className="p-2">
                  Beneficiario
                </th>
                <th scope="col" className="p-2">
                  Conto di accredito
                </th>
                <th scope="col" className="p-2">
                  Tassonomia
                </th>
                <th scope="col" className="p-2">
                  Causale
                </th>
                <th scope="col" className="p-2 text-right">
                  Importo
                </th>
              </tr>
            </thead>
            <tbody>
              {r.transfers.map((t) => (
                <tr key={t.idTransfer} className="border-b border-line">
                  <td className="p-2">{t.idTransfer}</td>
                  <td className="p-2">{t.companyName ? `${t.companyName} (${t.fiscalCodePA})` : t.fiscalCodePA}</td>
                  <td className={t.iban ? 'p-2 font-mono' : 'p-2'}>{t.iban ?? 'Marca da bollo digitale'}</td>
                  <td className="p-2 font-mono break-all">{t.transferCategory}</td>
                  <td className="p-2">
                    {t.remittanceInformation}
                    {t.metadata && <span className="block text-sm">{metadataText(t.metadata)}</span>}
                  </td>
                  <td className="p-2 text-right whitespace-nowrap">{formatEuro(t.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="posizione" className="mt-8">
        <h2 id="posizione" className="text-2xl font-bold">
          Posizione debitoria
        </h2>
        {p ? (
          <PositionFields position={p} serviceTitle={serviceTitle} />
        ) : (
          <p className="mt-4">Nessuna: l’Ente non ha emesso questo codice avviso.</p>
        )}
      </section>
    </>
  );
}

function PositionFields({ position: p, serviceTitle }: { position: Position; serviceTitle: string | null }) {
  return (
    <>
      <FieldList
        fields={[
          ['Servizio', serviceTitle],
          ['Causale', p.causale],
          ['Debitore', p.debtorName && `${p.debtorName} (${p.debtorFiscalCode ?? '—'})`],
          ['Importo dovuto', formatEuro(p.amountCents)],
          ['Scadenza', p.dueDate && formatDate(p.dueDate)],
          ['Stato', POSITION_STATUS_LABELS[p.status]],
          ['Identificativo esterno', p.externalId],
          ['Creata il', formatDateTime(p.createdAt)],
        ]}
      />
      <p className="mt-4">
        <a href={`/admin/posizioni/${p.id}`}>Apri la posizione e la sua storia</a>
      </p>
    </>
  );
}
