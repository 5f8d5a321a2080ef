import type { Metadata } from 'next';
import { ConnectionPanel } from '@/app/_components/partner-connection/connection-panel';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { loadConnectionView } from '@/lib/partners/connection-admin';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Collegamento con il partner' };

/** The Ente's connection to its partner tecnologico (GovPay or GPD + Checkout), for its admins. */
export default async function PartnerConnectionPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  await requireEnteStaff(ente, ['ente_admin']);
  const view = await loadConnectionView(await getDb(), ente.id);
  return (
    <>
      <nav aria-label="Percorso" className="text-sm">
        <a href="/admin/impostazioni">Impostazioni</a> / Collegamento con il partner
      </nav>
      <h1 className="mt-2 text-3xl font-bold">Collegamento con il partner</h1>
      <p className="mt-2 max-w-2xl text-muted">
        Come il portale parla con il partner tecnologico dell’Ente: indirizzi, credenziali e la credenziale che il partner usa per inviare
        le ricevute. Il partner lo assegna il centro servizi.
      </p>
      <ConnectionPanel view={view} />
    </>
  );
}
