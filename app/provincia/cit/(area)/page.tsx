import type { Metadata } from 'next';
import { requireCitStaff } from '@/lib/auth/guards';
import { currentProvider } from '@/lib/provider/current';

export const metadata: Metadata = { title: 'Cruscotto del portale' };

export default async function CitDashboard() {
  const staff = await requireCitStaff();
  const provider = await currentProvider();
  return (
    <div>
      <h1 className="text-3xl font-bold">Cruscotto del portale</h1>
      <p className="mt-3 max-w-2xl text-lg text-muted">
        Qui il {provider.serviceCentreShortName} seguirà le adesioni degli Enti, i partner tecnologici, le quote e la fatturazione annuale,
        il monitoraggio dei pagamenti e le richieste di assistenza. Le funzioni arrivano con le prossime iterazioni.
      </p>
      {staff.role === 'cit_admin' && (
        <p className="mt-6">
          <a href="/cit/impostazioni" className="font-semibold">
            Dati dell&apos;ente gestore del portale
          </a>
        </p>
      )}
    </div>
  );
}
