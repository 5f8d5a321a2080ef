import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ConnectionPanel } from '@/app/_components/partner-connection/connection-panel';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { findBackOfficeEnteById, loadConnectionView } from '@/lib/partners/connection-admin';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { uuidSchema } from '@/lib/validation/ids';

export const metadata: Metadata = { title: 'Collegamento con il partner' };

/** The same connection form as the Ente's admin has, for the CIT's admin acting on that Ente. */
export default async function CitPartnerConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  await requireProvinciaHost();
  await requireCitStaff(['cit_admin']);
  const id = uuidSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const ente = await findBackOfficeEnteById(db, id.data);
  if (!ente) notFound();
  const view = await loadConnectionView(db, ente.id);
  return (
    <div>
      <nav aria-label="Percorso" className="text-sm">
        <a href="/cit/enti">Enti e adesioni</a> › <a href={`/cit/enti/${ente.id}`}>{ente.name}</a> › Collegamento con il partner
      </nav>
      <h1 className="mt-2 text-3xl font-bold">Collegamento con il partner: {ente.name}</h1>
      <ConnectionPanel view={view} enteId={ente.id} />
    </div>
  );
}
