import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { IMPORT_COLUMNS } from '@/lib/imports/csv-format';
import { IMPORT_STATUS_LABELS } from '@/lib/imports/labels';
import { listImports } from '@/lib/imports/queries';
import { IMPORT_ROLES } from '@/lib/imports/roles';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { uploadErrorOf } from '@/lib/imports/upload-schema';
import { UploadForm } from './upload-form';

export const metadata: Metadata = { title: 'Importazioni' };

const COLUMN_HELP: Record<(typeof IMPORT_COLUMNS)[number], string> = {
  id_esterno:
    'il vostro identificativo della posizione (fino a 64 tra lettere, cifre e . _ - /): ricaricando lo stesso id la posizione si aggiorna',
  tipo_debitore: 'F persona fisica, G persona giuridica',
  codice_fiscale: 'del debitore: 16 caratteri per F, 11 cifre per G',
  nominativo: 'nome e cognome o ragione sociale, fino a 140 caratteri',
  email: 'del debitore, può restare vuota',
  servizio: 'il codice del servizio nel catalogo (per esempio tari)',
  causale: 'fino a 140 caratteri, stampata sull’avviso',
  importo: 'in euro, con la virgola o il punto: 123,45; 0 annulla la posizione',
  scadenza: 'AAAA-MM-GG oppure GG/MM/AAAA, può restare vuota',
};

export default async function ImportsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente, IMPORT_ROLES);
  const imports = await listImports(await getDb(), ente.id, staff);
  return (
    <>
      <h1 className="text-3xl font-bold">Importazioni</h1>
      <p className="mt-3 max-w-3xl text-lg text-muted">
        Carica molte posizioni debitorie insieme da un file CSV. Le righe corrette diventano posizioni con il loro avviso; quelle con errori
        sono scartate una per una e puoi scaricarne l’elenco con il motivo.
        {staff.serviceIds !== null && ' Puoi importare solo posizioni dei servizi che gestisci.'}
      </p>

      <section aria-labelledby="carica" className="mt-8">
        <h2 id="carica" className="text-2xl font-bold">
          Carica un file
        </h2>
        <UploadForm refusal={uploadErrorOf((await searchParams).errore)} />
      </section>

      <section aria-labelledby="formato" className="mt-10">
        <h2 id="formato" className="text-2xl font-bold">
          Formato del file
        </h2>
        <p className="mt-3 max-w-3xl">
          Testo UTF-8, separatore punto e virgola (<code>;</code>), una prima riga di intestazione con esattamente queste colonne, in questo
          ordine. <a href="/admin/importazioni/modello.csv">Scarica il modello con una riga di esempio</a>.
        </p>
        <dl className="mt-4 grid max-w-3xl gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          {IMPORT_COLUMNS.map((column) => (
            <div key={column} className="contents">
              <dt className="font-mono font-semibold">{column}</dt>
              <dd className="text-muted">{COLUMN_HELP[column]}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="storico" className="mt-10">
        <h2 id="storico" className="text-2xl font-bold">
          Importazioni precedenti
        </h2>
        {imports.length === 0 ? (
          <p className="mt-3 text-muted">Nessuna importazione finora.</p>
        ) : (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full min-w-[40rem] border-collapse text-left">
              <caption className="sr-only">Le ultime importazioni, dalla più recente</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="py-2 pr-4">
                    File
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Caricato il
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Stato
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right">
                    Nuove
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right">
                    Aggiornate
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right">
                    Annullate
                  </th>
                  <th scope="col" className="py-2 text-right">
                    Scartate
                  </th>
                </tr>
              </thead>
              <tbody>
                {imports.map((item) => (
                  <tr key={item.id} className="border-b border-line">
                    <td className="py-2 pr-4">
                      <a href={`/admin/importazioni/${item.id}`}>{item.filename}</a>
                    </td>
                    <td className="py-2 pr-4">{formatDateTime(item.createdAt)}</td>
                    <td className="py-2 pr-4">{IMPORT_STATUS_LABELS[item.status]}</td>
                    <td className="py-2 pr-4 text-right">{item.loaded}</td>
                    <td className="py-2 pr-4 text-right">{item.updated}</td>
                    <td className="py-2 pr-4 text-right">{item.cancelled}</td>
                    <td className="py-2 text-right">{item.rejected}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
