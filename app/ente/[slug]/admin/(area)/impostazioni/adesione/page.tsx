import type { Metadata } from 'next';
import { StepForm } from '@/app/_components/step-form';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { requestAdhesionTermination } from '@/lib/onboarding/actions';
import { DOCUMENT_KIND_LABELS } from '@/lib/onboarding/documents';
import { loadAdhesionFile } from '@/lib/onboarding/queries';
import { ADHESION_STATUS_LABELS, servesCitizens } from '@/lib/onboarding/state';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Adesione al servizio' };

/** The Ente's admins see their adhesion (state, history, documents) and may send the disdetta. */
export default async function EnteAdhesionPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  await requireEnteStaff(ente, ['ente_admin']);
  const file = (await loadAdhesionFile(await getDb(), ente.id))!;
  const { adhesion } = file;
  return (
    <>
      <nav aria-label="Percorso" className="text-sm">
        <a href="/admin/impostazioni">Impostazioni</a> › Adesione al servizio
      </nav>
      <h1 className="mt-2 text-3xl font-bold">Adesione al servizio</h1>
      <dl className="mt-4 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Stato</dt>
        <dd>
          <strong>{ADHESION_STATUS_LABELS[ente.adhesionStatus]}</strong>
          {ente.activatedAt && ` · attivo dal ${formatDate(ente.activatedAt)}`}
        </dd>
        <dt className="font-semibold">Portale per i cittadini</dt>
        <dd>
          {servesCitizens(ente) ? 'In servizio' : 'Non ancora in servizio: il back office è già utilizzabile per preparare il catalogo.'}
        </dd>
        <dt className="font-semibold">Partner tecnologico</dt>
        <dd>{file.partnerName ?? 'Non ancora scelto'}</dd>
        <dt className="font-semibold">Referente operativo</dt>
        <dd>{adhesion?.referenteName ?? 'Non ancora nominato'}</dd>
      </dl>

      <section aria-labelledby="documenti" className="mt-8">
        <h2 id="documenti" className="text-2xl font-bold">
          Documenti
        </h2>
        {file.documents.length === 0 ? (
          <p className="mt-2">Nessun documento.</p>
        ) : (
          <ul className="mt-3 space-y-1">
            {file.documents.map((doc) => (
              <li key={doc.id}>
                {DOCUMENT_KIND_LABELS[doc.kind]}: <a href={`/admin/impostazioni/adesione/documenti/${doc.id}`}>{doc.filename}</a> (
                {formatDate(doc.createdAt)})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="disdetta" className="mt-8">
        <h2 id="disdetta" className="text-2xl font-bold">
          Disdetta
        </h2>
        {adhesion?.terminationRequestedAt ? (
          <p className="mt-2" role="status">
            Disdetta inviata il {formatDateTime(adhesion.terminationRequestedAt)}: «{adhesion.terminationReason}». Il CIT chiuderà
            l’adesione.
          </p>
        ) : (
          <>
            <p className="mt-2 max-w-2xl">
              Per lasciare il servizio invia la richiesta di disdetta in PDF/A, firmata digitalmente dal responsabile (.p7m o PDF firmato).
              Se è firmata a mano, indicalo: il CIT ti chiederà la carta d’identità del firmatario.
            </p>
            <StepForm
              action={requestAdhesionTermination}
              fixed={{}}
              danger
              submitLabel="Invia la disdetta"
              successText="Disdetta inviata al CIT."
              fields={[
                { name: 'reason', label: 'Motivo della disdetta', kind: 'textarea' },
                {
                  name: 'file',
                  label: 'Richiesta di disdetta firmata',
                  kind: 'file',
                  accept: '.pdf,.p7m,application/pdf,application/pkcs7-mime',
                },
                { name: 'handSigned', label: 'La richiesta è firmata a mano', kind: 'checkbox' },
              ]}
            />
          </>
        )}
      </section>
    </>
  );
}
