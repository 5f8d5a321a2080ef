import type { Metadata } from 'next';
import { getDb } from '@/db';
import { listApiKeys } from '@/lib/api/keys';
import { API_SCOPE_SHORT_LABELS } from '@/lib/api/scopes';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { CreateKeyForm } from './create-key-form';
import { RevokeKeyButton } from './revoke-key-button';

export const metadata: Metadata = { title: 'Chiavi API' };

/** Keys for the Ente's own software (tributi, mensa, multe) to use /api/v1, for its admins. */
export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  await requireEnteStaff(ente, ['ente_admin']);
  const keys = await listApiKeys(await getDb(), ente.id);
  return (
    <>
      <nav aria-label="Percorso" className="text-sm">
        <a href="/admin/impostazioni">Impostazioni</a> / Chiavi API
      </nav>
      <h1 className="mt-2 text-3xl font-bold">Chiavi API</h1>
      <p className="mt-2 max-w-2xl text-muted">
        I gestionali dell’Ente (tributi, mensa, multe) usano una chiave per creare posizioni e leggere le ricevute. Crea una chiave per
        ciascun gestionale, con solo ciò che gli serve: se una chiave finisce in mani sbagliate, revocala e creane un’altra.
      </p>
      <section aria-labelledby="nuova-chiave" className="mt-8">
        <h2 id="nuova-chiave" className="text-2xl font-bold">
          Nuova chiave
        </h2>
        <CreateKeyForm />
      </section>
      <section aria-labelledby="chiavi" className="mt-10">
        <h2 id="chiavi" className="text-2xl font-bold">
          Chiavi dell’Ente
        </h2>
        {keys.length === 0 ? (
          <p className="mt-2">Nessuna chiave.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left">
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="py-2 pr-4">
                    Nome
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Inizio della chiave
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Può usare
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Creata
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Ultimo uso
                  </th>
                  <th scope="col" className="py-2">
                    Stato
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id} className="border-b border-line">
                    <td className="py-2 pr-4">{key.label}</td>
                    <td className="py-2 pr-4 font-mono">{key.prefix}…</td>
                    <td className="py-2 pr-4">{key.scopes.map((scope) => API_SCOPE_SHORT_LABELS[scope]).join(', ')}</td>
                    <td className="py-2 pr-4">{formatDateTime(key.createdAt)}</td>
                    <td className="py-2 pr-4">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Mai'}</td>
                    <td className="py-2">
                      {key.revokedAt ? `Revocata il ${formatDateTime(key.revokedAt)}` : <RevokeKeyButton id={key.id} label={key.label} />}
                    </td>
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
