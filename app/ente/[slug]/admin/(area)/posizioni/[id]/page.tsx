import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { MessagesTable } from '@/app/_components/notifications/messages-table';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { signLink } from '@/lib/documents/links';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { listPositionMessages } from '@/lib/notifications/queries';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { findPositionDetail } from '@/lib/positions/history';
import { canTransition } from '@/lib/positions/lifecycle';
import { POSITION_STATUS_LABELS } from '@/lib/positions/status-labels';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';
import { transfersOf } from '@/lib/positions/transfers';
import { CancelPositionForm } from './cancel-form';
import { TransfersTable } from './transfers-table';

export const metadata: Metadata = { title: 'Posizione debitoria' };

export default async function PositionPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaff(ente);
  if (!uuidSchema.safeParse(id).success) notFound();
  const db = await getDb();
  const detail = await findPositionDetail(db, ente.id, staff, id);
  if (!detail) notFound();
  const messages = await listPositionMessages(db, ente.id, detail.position.id);
  const p = detail.position;
  const mayCancel = staff.role !== 'ente_viewer' && canTransition(p.status, 'cancelled');
  const facts: [string, string][] = [
    ['Stato', POSITION_STATUS_LABELS[p.status]],
    ...(p.reportedAt ? ([['Rendicontazione', `Rendicontato il ${formatDateTime(p.reportedAt)}`]] as [string, string][]) : []),
    ['Importo', formatEuro(p.amountCents)],
    ['Causale', p.causale],
    ['Servizio', detail.serviceTitle ?? '—'],
    ['Debitore', [p.debtorName, p.debtorFiscalCode].filter(Boolean).join(' – ') || '—'],
    ['E-mail del debitore', p.debtorEmail ?? '—'],
    ['Scadenza', p.dueDate ? formatDate(p.dueDate) : 'Nessuna'],
    ['IUV', p.iuv],
    ['Identificativo esterno', p.externalId ?? '—'],
    ['Codice tassonomico', p.taxonomyCode ?? '—'],
  ];

  return (
    <>
      <p>
        <a href="/admin/posizioni">← Tutte le posizioni</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Avviso {formatNoticeNumber(p.noticeNumber)}</h1>
      <dl className="mt-6 grid max-w-3xl gap-x-6 gap-y-3 sm:grid-cols-[14rem_1fr]">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-semibold">{term}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
      <TransfersTable transfers={transfersOf(p, ente.name)} />
      <p className="mt-6 flex flex-wrap gap-3">
        <a className="btn-outline" href={`/avvisi/${p.noticeNumber}?t=${signLink('notice', ente.id, p.noticeNumber)}`}>
          Scarica l’avviso di pagamento (PDF)
        </a>
        {detail.receipts.map((r) => (
          <a key={r.id} className="btn-outline" href={`/ricevute/${r.id}?t=${signLink('receipt', ente.id, r.id)}`}>
            Scarica la ricevuta {r.receiptId} (PDF{r.anomaly ? ', in anomalia' : ''})
          </a>
        ))}
      </p>
      <section aria-labelledby="storia" className="mt-10">
        <h2 id="storia" className="text-2xl font-bold">
          Storia della posizione
        </h2>
        <ol className="mt-4 max-w-3xl border-l-4 border-line pl-6">
          {detail.history.map((event, i) => (
            <li key={i} className="mb-5">
              <p className="text-sm text-muted">
                <time dateTime={event.at.toISOString()}>{formatDateTime(event.at)}</time>
              </p>
              <p className="font-semibold">{event.title}</p>
              {event.detail && <p>{event.detail}</p>}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="messaggi" className="mt-10">
        <h2 id="messaggi" className="text-2xl font-bold">
          Messaggi al cittadino
        </h2>
        {messages.length === 0 ? (
          <p className="mt-2">Nessun messaggio: il debitore non ha un indirizzo e-mail o l’Ente non invia questo tipo di messaggio.</p>
        ) : (
          <MessagesTable label="Messaggi al cittadino" messages={messages} mayRetry={staff.role !== 'ente_viewer'} />
        )}
      </section>
      {mayCancel && <CancelPositionForm positionId={p.id} />}
    </>
  );
}
