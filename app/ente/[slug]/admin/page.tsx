import type { Metadata } from 'next';
import { StaffBar } from '@/app/_components/staff-bar';
import { requireEnteStaff } from '@/lib/auth/guards';
import { ENTE_ROLE_LABELS } from '@/lib/auth/users';
import { requireEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Back office' };

export default async function EnteAdminHome({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireEnte((await params).slug);
  const staff = await requireEnteStaff(ente);
  return (
    <div className="container-page py-8">
      <StaffBar name={staff.fullName} roleLabel={ENTE_ROLE_LABELS[staff.role]} />
      <h1 className="mt-8 text-3xl font-bold">Back office di {ente.name}</h1>
      <p className="mt-3 max-w-2xl text-lg text-muted">
        Qui l&apos;Ente gestirà catalogo dei servizi, posizioni debitorie, avvisi, pagamenti e ricevute, personale e impostazioni. Le
        funzioni arrivano con le prossime iterazioni del portale.
      </p>
    </div>
  );
}
