import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { codeValue, FieldList } from '@/app/_components/receipts/field-list';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { sha256Of } from '@/lib/conservazione/digest';
import { CONSERVAZIONE_STATE_HELP, CONSERVAZIONE_STATE_LABELS } from '@/lib/conservazione/labels';
import { findConservazioneReceipt } from '@/lib/conservazione/queries';
import { CONSERVAZIONE_VIEW_ROLES } from '@/lib/conservazione/roles';
import { formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uuidSchema } from '@/lib/validation/ids';
import { ConservazioneActionButton } from '../action-button';

export const metadata: Metadata = { title: 'Conservazione di una ricevuta' };

/**
 * One receipt's preservation: its state, attempts and the conservatore's last word, and the rapporto di
 * versamento exactly as issued, with its SHA-256 checked again here. Another Ente's receipt is a 404.
 */
export default async function ConservazioneReceiptPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaff(ente, CONSERVAZIONE_VIEW_ROLES);
  if (!uuidSchema.safeParse(id).success) notFound();
  const p = await findConservazioneReceipt(await getDb(), ente.id, id);
  if (!p) notFound();
  const rapportoIntact = p.rapporto && p.rapportoSha256 ? sha256Of(p.rapporto).hex === p.rapportoSha256 : null;
  const outOfAttempts = p.state === 'failed' && !p.nextAttemptAt;

  return (
    <>
      <p>
        <a href="/admin/conservazione">← Conservazione</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold break-all">Conservazione della ricevuta {p.receiptId}</h1>
      <p className="mt-2 text-lg">
        <strong>{CONSERVAZIONE_STATE_LABELS[p.state]}</strong>:{' '}
        {outOfAttempts
          ? 'i tentativi automatici sono finiti: quando il conservatore risponde di nuovo, usa «Riprova».'
          : CONSERVAZIONE_STATE_HELP[p.state]}
      </p>
      {(p.state === 'rejected' || outOfAttempts) && staff.role === 'ente_admin' && (
        <div className="mt-4">
          <ConservazioneActionButton action="retry" receiptId={p.receiptRowId} />
        </div>
      )}

      <section aria-labelledby="ricevuta" className="mt-8">
        <h2 id="ricevuta" className="text-2xl font-bold">
          Ricevuta
        </h2>
        <FieldList
          fields={[
            ['Numero nella catena delle ricevute', String(p.seq)],
            ['Codice avviso', codeValue('avviso', formatNoticeNumber(p.noticeNumber))],
            ['IUV', codeValue('iuv', p.iuv)],
            ['Importo', formatEuro(p.amountCents)],
            ['Pagata il', formatDateTime(p.paymentDateTime)],
            [
              'Dettaglio',
              <a key="dettaglio" href={`/admin/ricevute/${p.receiptRowId}`}>
                Apri la ricevuta
              </a>,
            ],
          ]}
        />
      </section>

      <section aria-labelledby="versamento" className="mt-8">
        <h2 id="versamento" className="text-2xl font-bold">
          Versamento
        </h2>
        <FieldList
          fields={[
            ['Stato', CONSERVAZIONE_STATE_LABELS[p.state]],
            // The count starts again after each success: for a preserved or exported receipt it says nothing.
            ['Tentativi senza esito positivo', p.state === 'preserved' || p.state === 'exported' ? null : String(p.attempts)],
            ['Ultimo tentativo', p.lastAttemptAt && formatDateTime(p.lastAttemptAt)],
            ['Prossimo tentativo', p.nextAttemptAt && formatDateTime(p.nextAttemptAt)],
            ['Codice dell’esito', codeValue('codice', p.outcomeCode)],
            ['Messaggio del conservatore', p.outcomeMessage],
            ['Avvertimenti', p.warnings.length > 0 ? p.warnings.map((w) => `${w.code}: ${w.message}`).join(' · ') : null],
            ['Conservata il', p.preservedAt && formatDateTime(p.preservedAt)],
            ['URN del pacchetto di versamento', codeValue('sip', p.sipUrn)],
            [
              'Pacchetto giornaliero',
              p.export ? (
                <a key="export" href={`/admin/conservazione/esportazioni/${p.export.id}`} download>
                  {p.export.fileName}
                </a>
              ) : null,
            ],
          ]}
        />
      </section>

      {p.rapporto && (
        <section aria-labelledby="rapporto" className="mt-8">
          <h2 id="rapporto" className="text-2xl font-bold">
            Rapporto di versamento
          </h2>
          <FieldList
            fields={[
              ['URN del rapporto', codeValue('urn', p.rapportoUrn)],
              ['Impronta SHA-256', codeValue('sha', p.rapportoSha256)],
              [
                'Verifica',
                rapportoIntact
                  ? 'L’impronta corrisponde al rapporto conservato.'
                  : 'L’impronta NON corrisponde al rapporto conservato: segnalalo al centro servizi.',
              ],
            ]}
          />
          <p className="mt-4">
            <a className="btn-outline" href={`/admin/conservazione/${p.receiptRowId}/rapporto.xml`} download>
              Scarica il rapporto (XML)
            </a>
          </p>
          <div
            className="mt-4 max-h-[32rem] overflow-auto rounded border border-line bg-surface p-4"
            role="region"
            aria-labelledby="rapporto"
            tabIndex={0}
          >
            <pre className="font-mono text-sm break-all whitespace-pre-wrap">{p.rapporto}</pre>
          </div>
        </section>
      )}
    </>
  );
}
