import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { settingsFormValues } from '@/lib/conservazione/config-form';
import { loadConservazioneConfig } from '@/lib/conservazione/ente-config';
import { CONSERVAZIONE_ADMIN_ROLES } from '@/lib/conservazione/roles';
import { formatDateTime } from '@/lib/format/date';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { ConservazioneNav } from '../conservazione-nav';
import { ConservazioneSettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Impostazioni della conservazione' };

/** The Ente's conservatore, the metadata its receipts carry and the ParER account, for its admins. */
export default async function ConservazioneSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  await requireEnteStaff(ente, CONSERVAZIONE_ADMIN_ROLES);
  const config = await loadConservazioneConfig(await getDb(), ente.id);

  return (
    <>
      <h1 className="text-3xl font-bold">Impostazioni della conservazione</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Chi conserva le ricevute dell’Ente e che cosa dicono i loro metadati. Salvando, le ricevute rifiutate tornano da inviare e la pagina
        pubblica <a href="/conservazione">Manuale di conservazione</a> si aggiorna.
        {config && ` Ultima modifica: ${formatDateTime(config.updatedAt)}.`}
      </p>
      <ConservazioneNav current="/admin/conservazione/impostazioni" admin />
      <ConservazioneSettingsForm
        initial={settingsFormValues(config)}
        password={config?.parerPasswordStored ? { name: 'parerPassword', label: 'Password dell’utente versatore', setAt: null } : undefined}
      />
    </>
  );
}
