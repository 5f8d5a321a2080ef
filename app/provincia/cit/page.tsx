import type { Metadata } from 'next';
import { StaffBar } from '@/app/_components/staff-bar';
import { requireCitStaff } from '@/lib/auth/guards';
import { PLATFORM_ROLE_LABELS } from '@/lib/auth/users';

export const metadata: Metadata = { title: 'Cruscotto CIT' };

export default async function CitDashboard() {
  const staff = await requireCitStaff();
  return (
    <div className="container-page py-8">
      <StaffBar name={staff.fullName} roleLabel={PLATFORM_ROLE_LABELS[staff.role]} />
      <h1 className="mt-8 text-3xl font-bold">Cruscotto provinciale</h1>
      <p className="mt-3 max-w-2xl text-lg text-muted">
        Qui il CIT seguirà le adesioni degli Enti, i partner tecnologici, le quote e la fatturazione annuale, il monitoraggio dei pagamenti
        e le richieste di assistenza. Le funzioni arrivano con le prossime iterazioni.
      </p>
    </div>
  );
}
