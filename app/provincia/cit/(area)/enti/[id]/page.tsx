import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { ENTE_KIND_LABELS } from '@/lib/enti/labels';
import { formatDate, formatDateTime } from '@/lib/format/date';
import {
  advanceAdhesion,
  appointAdhesionReferente,
  ceaseEnte,
  chooseAdhesionPartner,
  markAdhesionTrainingDone,
  reactivateEnte,
  recordConventionAct,
  setAdhesionDocumentStatus,
  suspendEnte,
  uploadAdhesionDocument,
} from '@/lib/onboarding/actions';
import { AGID_DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, DOCUMENT_STATUS_LABELS } from '@/lib/onboarding/documents';
import { listCompatiblePartners, loadAdhesionFile, type AdhesionDocumentRow } from '@/lib/onboarding/queries';
import { loadConnectionSummary } from '@/lib/partners/connection-admin';
import { PROTOCOL_LABELS } from '@/lib/partners/directory-schemas';
import { ADHESION_STATUS_LABELS, missingFor, nextStatuses } from '@/lib/onboarding/state';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { enteUrl } from '@/lib/tenancy/urls';
import { uuidSchema } from '@/lib/validation/ids';
import { StepForm } from '@/app/_components/step-form';

export const metadata: Metadata = { title: 'Fascicolo di adesione' };

const PDF_OR_P7M = '.pdf,.p7m,application/pdf,application/pkcs7-mime';
const SIGNATURE_LABELS = {
  cades: 'Firma digitale CAdES (.p7m)',
  pades: 'Firma digitale PAdES (PDF)',
  autografa: 'Firma autografa',
  nessuna: 'Non firmato',
};

function Step({ n, title, done, children }: { n: number; title: string; done: boolean; children: React.ReactNode }) {
  return (
    <li className="rounded border border-line p-4">
      <h3 className="text-xl font-bold">
        {n}. {title}{' '}
        <span
          className={`ml-2 rounded px-2 py-0.5 text-sm font-semibold ${done ? 'border border-success bg-white text-success' : 'border border-line bg-white text-muted'}`}
        >
          {done ? 'Fatto' : 'Da fare'}
        </span>
      </h3>
      <div className="mt-2">{children}</div>
    </li>
  );
}

function DocumentLine({ doc, enteId }: { doc: AdhesionDocumentRow; enteId: string }) {
  return (
    <>
      <a href={`/cit/enti/${enteId}/documenti/${doc.id}`}>{doc.filename}</a> ({DOCUMENT_STATUS_LABELS[doc.status]},{' '}
      {formatDate(doc.createdAt)}) — {SIGNATURE_LABELS[doc.signature]}
      {doc.signerName && (
        <>
          : <strong>{doc.signerName}</strong>, certificato valido dal {formatDate(doc.signerValidFrom!)} al {formatDate(doc.signerValidTo!)}
        </>
      )}
    </>
  );
}

/** An Ente's adhesion file, step by step as the service page lists them, with its documents and the history of its states. */
export default async function AdhesionFilePage({ params }: { params: Promise<{ id: string }> }) {
  await requireProvinciaHost();
  const staff = await requireCitStaff();
  const id = uuidSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const file = await loadAdhesionFile(db, id.data);
  if (!file) notFound();
  const partners = await listCompatiblePartners(db);
  const link = await loadConnectionSummary(db, id.data);
  const { ente, adhesion, facts, documents } = file;
  const enteId = ente.id;
  const fixed = { enteId };
  const ceased = ente.adhesionStatus === 'cessato';
  const latest = (kind: AdhesionDocumentRow['kind']) => documents.find((d) => d.kind === kind);
  const modulo = latest('modulo_adesione');
  const identity = latest('documento_identita');
  const isAdmin = staff.role === 'cit_admin';
  const next = nextStatuses(ente.adhesionStatus);

  return (
    <div>
      <nav aria-label="Percorso" className="text-sm">
        <a href="/cit/enti">Enti e adesioni</a> › {ente.name}
      </nav>
      <h1 className="mt-2 text-3xl font-bold">{ente.name}</h1>
      <dl className="mt-4 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Stato dell’adesione</dt>
        <dd>
          <strong>{ADHESION_STATUS_LABELS[ente.adhesionStatus]}</strong>
          {ente.activatedAt && ` · attivo dal ${formatDate(ente.activatedAt)}`}
        </dd>
        <dt className="font-semibold">Tipo</dt>
        <dd>
          {ENTE_KIND_LABELS[ente.kind]}
          {file.parentName && ` · ${file.parentName}`}
          {ente.sharedReferente && ' · condizione multi-ente'}
        </dd>
        <dt className="font-semibold">Codice fiscale · IPA</dt>
        <dd>
          {ente.fiscalCode} · {ente.ipaCode}
        </dd>
        <dt className="font-semibold">Abitanti al 31.12.2013</dt>
        <dd>{ente.population2013?.toLocaleString('it-IT') ?? '—'}</dd>
        <dt className="font-semibold">Portale</dt>
        <dd className="break-all">
          <a href={enteUrl(ente.slug)}>{enteUrl(ente.slug)}</a>
        </dd>
      </dl>

      {adhesion?.terminationRequestedAt && !ceased && (
        <div role="note" className="mt-6 rounded border-l-4 border-danger bg-red-50 px-4 py-3">
          <h2 className="text-xl font-bold text-danger">Disdetta richiesta dall’Ente</h2>
          <p className="mt-1">
            Il {formatDateTime(adhesion.terminationRequestedAt)}
            {file.terminationRequestedByName && `, da ${file.terminationRequestedByName}`}: «{adhesion.terminationReason}».
          </p>
          {latest('disdetta') && (
            <p className="mt-1">
              <DocumentLine doc={latest('disdetta')!} enteId={enteId} />
            </p>
          )}
          <p className="mt-1">
            {isAdmin
              ? 'Per chiudere l’adesione usa «Cessa l’adesione» in fondo alla pagina.'
              : 'Un amministratore del CIT può cessare l’adesione.'}
          </p>
        </div>
      )}

      <section aria-labelledby="passaggi" className="mt-8">
        <h2 id="passaggi" className="text-2xl font-bold">
          Passaggi dell’adesione
        </h2>
        <ol className="mt-4 space-y-4">
          <Step n={1} title="Adesione alla convenzione CIT" done={facts.conventionRecorded}>
            {adhesion?.conventionActNumber && adhesion.conventionActDate ? (
              <p>
                Deliberazione n. {adhesion.conventionActNumber} del {formatDate(adhesion.conventionActDate)}.
              </p>
            ) : (
              <p>Numero e data della deliberazione con cui l’Ente ha approvato la convenzione.</p>
            )}
            {!ceased && (
              <StepForm
                action={recordConventionAct}
                fixed={fixed}
                submitLabel="Salva la deliberazione"
                successText="Deliberazione registrata."
                fields={[
                  {
                    name: 'actNumber',
                    label: 'Numero della deliberazione',
                    kind: 'text',
                    defaultValue: adhesion?.conventionActNumber ?? '',
                  },
                  { name: 'actDate', label: 'Data della deliberazione', kind: 'date', defaultValue: adhesion?.conventionActDate ?? '' },
                ]}
              />
            )}
          </Step>

          <Step n={2} title="Modulo di adesione firmato" done={facts.moduloValid}>
            {modulo ? (
              <p>
                <DocumentLine doc={modulo} enteId={enteId} />
              </p>
            ) : (
              <p>Il modulo in PDF/A firmato digitalmente (.p7m o PDF firmato) dal responsabile richiedente.</p>
            )}
            {modulo?.signature === 'autografa' && (
              <p className="mt-1">
                Carta d’identità del firmatario: {identity ? <DocumentLine doc={identity} enteId={enteId} /> : <strong>mancante</strong>}
              </p>
            )}
            {!ceased && (
              <>
                <StepForm
                  action={uploadAdhesionDocument}
                  fixed={{ ...fixed, kind: 'modulo_adesione' }}
                  submitLabel="Carica il modulo"
                  successText="Modulo caricato: la firma è indicata qui sopra."
                  fields={[
                    { name: 'file', label: 'Modulo di adesione', kind: 'file', accept: PDF_OR_P7M, help: 'PDF/A o .p7m, fino a 10 MB.' },
                    {
                      name: 'handSigned',
                      label: 'Il modulo è firmato a mano (allega anche la carta d’identità del firmatario)',
                      kind: 'checkbox',
                    },
                  ]}
                />
                <StepForm
                  action={uploadAdhesionDocument}
                  fixed={{ ...fixed, kind: 'documento_identita' }}
                  submitLabel="Carica la carta d’identità"
                  successText="Carta d’identità caricata."
                  fields={[
                    {
                      name: 'file',
                      label: 'Carta d’identità del firmatario (solo per la firma autografa)',
                      kind: 'file',
                      accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg',
                      help: 'PDF, PNG o JPEG, in corso di validità.',
                    },
                  ]}
                />
              </>
            )}
          </Step>

          <Step n={3} title="Referente operativo" done={facts.referenteAppointed}>
            {adhesion?.referenteAppointedAt ? (
              <p>
                <strong>{adhesion.referenteName}</strong> ({adhesion.referenteFiscalCode}
                {adhesion.referenteEmail && `, ${adhesion.referenteEmail}`}
                {adhesion.referentePhone && `, ${adhesion.referentePhone}`}), nominato il {formatDate(adhesion.referenteAppointedAt)}: è
                amministratore del back office dell’Ente.
              </p>
            ) : (
              <p>Il referente diventa il primo amministratore del back office dell’Ente e accede con SPID o CIE.</p>
            )}
            {!ceased && (
              <StepForm
                action={appointAdhesionReferente}
                fixed={fixed}
                submitLabel={adhesion?.referenteAppointedAt ? 'Nomina un altro referente' : 'Nomina il referente'}
                successText="Referente nominato: è amministratore dell’Ente."
                fields={[
                  { name: 'fullName', label: 'Nome e cognome', kind: 'text' },
                  { name: 'fiscalCode', label: 'Codice fiscale', kind: 'text' },
                  { name: 'email', label: 'E-mail', kind: 'email', optional: true },
                  { name: 'phone', label: 'Telefono', kind: 'tel', optional: true },
                ]}
              />
            )}
          </Step>

          <Step n={4} title="Partner tecnologico" done={facts.partnerAssigned}>
            <p>
              {file.partnerName
                ? `${file.partnerName}${adhesion?.partnerChosenAt ? `, scelto il ${formatDate(adhesion.partnerChosenAt)}` : ''}.`
                : 'Nessun partner: il portale non può servire i cittadini senza un partner compatibile.'}
            </p>
            {ente.partner && ente.partner !== 'sandbox' && (
              <div className="mt-2">
                <p>
                  Collegamento:{' '}
                  {link.connection ? (
                    <>
                      <strong>configurato</strong>, {PROTOCOL_LABELS[link.connection.protocol]} · credenziale per le notifiche{' '}
                      {link.connection.inboundSet ? 'impostata' : <strong>non impostata</strong>} · ultima verifica{' '}
                      {link.connection.lastTestAt
                        ? `${formatDateTime(link.connection.lastTestAt)}, ${link.connection.lastTestOk ? 'riuscita' : 'con errori'}`
                        : 'mai eseguita'}
                    </>
                  ) : (
                    <strong className="text-danger">
                      {link.registryProtocol === 'govpay' || link.registryProtocol === 'gpd_checkout'
                        ? 'collegamento da configurare'
                        : 'da configurare (protocollo del partner non ancora indicato nel registro)'}
                    </strong>
                  )}
                  .
                </p>
                {isAdmin ? (
                  <p>
                    <a href={`/cit/enti/${enteId}/collegamento`}>Configura il collegamento con il partner</a>
                  </p>
                ) : (
                  <p className="text-muted">Il collegamento lo configura l’amministratore dell’Ente o un amministratore del CIT.</p>
                )}
              </div>
            )}
            {!ceased && (
              <StepForm
                action={chooseAdhesionPartner}
                fixed={fixed}
                submitLabel="Assegna il partner"
                successText="Partner assegnato."
                fields={[
                  {
                    name: 'partner',
                    label: 'Partner compatibile',
                    kind: 'select',
                    defaultValue: ente.partner ?? partners[0]?.code,
                    options: partners.map((p) => ({ value: p.code, label: p.name })),
                    help: 'Cambiando partner serve la Lettera di sostituzione AgID.',
                  },
                ]}
              />
            )}
          </Step>

          <Step n={5} title="Documenti AgID" done={facts.letteraAdesione && facts.pianoAttivazione}>
            <ul className="space-y-2">
              {AGID_DOCUMENT_KINDS.map((kind) => {
                const doc = latest(kind);
                return (
                  <li key={kind}>
                    <strong>{DOCUMENT_KIND_LABELS[kind]}</strong>: {doc ? <DocumentLine doc={doc} enteId={enteId} /> : 'non caricato'}
                    {doc && !ceased && (
                      <details className="ml-4">
                        <summary className="cursor-pointer font-semibold text-primary">Cambia lo stato</summary>
                        <StepForm
                          action={setAdhesionDocumentStatus}
                          fixed={{ ...fixed, documentId: doc.id }}
                          submitLabel="Salva lo stato"
                          successText="Stato aggiornato."
                          fields={[
                            {
                              name: 'status',
                              label: `Stato di «${doc.filename}»`,
                              kind: 'select',
                              defaultValue: doc.status,
                              options: Object.entries(DOCUMENT_STATUS_LABELS).map(([value, label]) => ({ value, label })),
                            },
                          ]}
                        />
                      </details>
                    )}
                  </li>
                );
              })}
            </ul>
            {!ceased && (
              <StepForm
                action={uploadAdhesionDocument}
                fixed={fixed}
                submitLabel="Carica il documento"
                successText="Documento caricato."
                fields={[
                  {
                    name: 'kind',
                    label: 'Documento',
                    kind: 'select',
                    options: AGID_DOCUMENT_KINDS.map((k) => ({ value: k, label: DOCUMENT_KIND_LABELS[k] })),
                  },
                  { name: 'file', label: 'File', kind: 'file', accept: PDF_OR_P7M, help: 'PDF o .p7m, fino a 10 MB.' },
                ]}
              />
            )}
          </Step>

          <Step n={6} title="Formazione del referente" done={Boolean(adhesion?.trainingCompletedAt)}>
            {adhesion?.trainingCompletedAt ? (
              <p>
                Svolta il {formatDate(adhesion.trainingCompletedAt)}
                {file.trainingTitle ? ` (sessione «${file.trainingTitle}»)` : ' (registrata a mano)'}.
              </p>
            ) : (
              <>
                <p>Si completa con la presenza del referente a una sessione di formazione. Se si è svolta altrove, registrala qui.</p>
                {!ceased && (
                  <StepForm
                    action={markAdhesionTrainingDone}
                    fixed={fixed}
                    submitLabel="Segna la formazione come svolta"
                    successText="Formazione registrata."
                    fields={[
                      {
                        name: 'note',
                        label: 'Come si è svolta',
                        kind: 'textarea',
                        help: 'Es. «Incontro in sede il 12/10 con il referente».',
                      },
                    ]}
                  />
                )}
              </>
            )}
          </Step>

          <Step n={7} title="Attivazione" done={ente.activatedAt !== null}>
            {ceased ? (
              <p>L’adesione è cessata: il portale dell’Ente non è più raggiungibile.</p>
            ) : (
              <div className="space-y-4">
                {next
                  .filter((to) => to === 'in_attivazione' || (to === 'attivo' && ente.adhesionStatus !== 'sospeso'))
                  .map((to) => {
                    const missing = missingFor(ente.adhesionStatus, to, facts);
                    return (
                      <div key={to}>
                        {missing.length > 0 && (
                          <div>
                            <p className="font-semibold">Per passare a «{ADHESION_STATUS_LABELS[to]}» manca ancora:</p>
                            <ul className="ml-6 list-disc">
                              {missing.map((m) => (
                                <li key={m}>{m}</li>
                              ))}
                            </ul>
                          </div>
                        )}
                        <StepForm
                          action={advanceAdhesion}
                          fixed={{ ...fixed, to }}
                          submitLabel={to === 'attivo' ? 'Attiva il portale' : 'Avvia l’attivazione'}
                          successText={`Stato aggiornato: ${ADHESION_STATUS_LABELS[to]}.`}
                          fields={[]}
                        />
                      </div>
                    );
                  })}
                {isAdmin && next.includes('attivo') && ente.adhesionStatus === 'sospeso' && (
                  <StepForm
                    action={reactivateEnte}
                    fixed={fixed}
                    submitLabel="Riattiva l’Ente"
                    successText="Ente riattivato."
                    fields={[{ name: 'reason', label: 'Nota', kind: 'textarea', optional: true }]}
                  />
                )}
                {isAdmin && next.includes('sospeso') && (
                  <details>
                    <summary className="cursor-pointer font-semibold text-primary">Sospendi l’Ente</summary>
                    <StepForm
                      action={suspendEnte}
                      fixed={fixed}
                      danger
                      submitLabel="Sospendi"
                      successText="Ente sospeso: il portale mostra ai cittadini che il servizio è sospeso."
                      fields={[{ name: 'reason', label: 'Motivo della sospensione', kind: 'textarea' }]}
                    />
                  </details>
                )}
                {isAdmin && next.includes('cessato') && (
                  <details open={Boolean(adhesion?.terminationRequestedAt)}>
                    <summary className="cursor-pointer font-semibold text-primary">Cessa l’adesione</summary>
                    <StepForm
                      action={ceaseEnte}
                      fixed={fixed}
                      danger
                      submitLabel="Cessa l’adesione"
                      successText="Adesione cessata."
                      fields={[{ name: 'reason', label: 'Motivo della cessazione', kind: 'textarea' }]}
                    />
                  </details>
                )}
                {!isAdmin && (next.includes('sospeso') || ente.adhesionStatus === 'sospeso') && (
                  <p className="text-muted">Sospensione, riattivazione e cessazione spettano a un amministratore del CIT.</p>
                )}
              </div>
            )}
          </Step>
        </ol>
      </section>

      <section aria-labelledby="documenti" className="mt-10">
        <h2 id="documenti" className="text-2xl font-bold">
          Documenti
        </h2>
        {documents.length === 0 ? (
          <p className="mt-2">Nessun documento caricato.</p>
        ) : (
          <div className="mt-3 overflow-x-auto" tabIndex={0} role="region" aria-label="Documenti dell’adesione">
            <table className="w-full min-w-[48rem] border-collapse text-left">
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="py-2 pr-4">
                    Documento
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    File
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Firma
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Stato
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Caricato
                  </th>
                </tr>
              </thead>
              <tbody>
                {documents.map((doc) => (
                  <tr key={doc.id} className="border-b border-line align-top">
                    <td className="py-2 pr-4">{DOCUMENT_KIND_LABELS[doc.kind]}</td>
                    <td className="py-2 pr-4">
                      <a href={`/cit/enti/${enteId}/documenti/${doc.id}`}>{doc.filename}</a>
                      <span className="block text-sm text-muted">
                        {Math.ceil(doc.size / 1024).toLocaleString('it-IT')} KB · SHA-256 {doc.sha256.slice(0, 12)}…
                      </span>
                    </td>
                    <td className="py-2 pr-4">
                      {SIGNATURE_LABELS[doc.signature]}
                      {doc.signerName && <span className="block text-sm">{doc.signerName}</span>}
                    </td>
                    <td className="py-2 pr-4">{DOCUMENT_STATUS_LABELS[doc.status]}</td>
                    <td className="py-2 pr-4">
                      {formatDateTime(doc.createdAt)}
                      {doc.uploadedByName && <span className="block text-sm text-muted">{doc.uploadedByName}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="cronologia" className="mt-10">
        <h2 id="cronologia" className="text-2xl font-bold">
          Cronologia degli stati
        </h2>
        <ol className="mt-3 space-y-3 border-l-2 border-line pl-4">
          {file.events.map((event) => (
            <li key={event.id}>
              <p className="font-semibold">
                {event.fromStatus ? `${ADHESION_STATUS_LABELS[event.fromStatus]} → ` : ''}
                {ADHESION_STATUS_LABELS[event.toStatus]}
              </p>
              <p className="text-sm text-muted">
                {formatDateTime(event.createdAt)}
                {event.actorName && ` · ${event.actorName}`}
              </p>
              {event.reason && <p>{event.reason}</p>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
