import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { describeAmount } from '@/lib/catalogue/amount-text';
import { servicesInScope } from '@/lib/positions/scope-services';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { CounterPositionForm } from './counter-form';

export const metadata: Metadata = { title: 'Nuova posizione allo sportello' };

export default async function NewPositionPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente, ['ente_admin', 'ente_operator']);
  const services = (await servicesInScope(await getDb(), ente.id, staff)).filter((s) => s.active);
  return (
    <>
      <p>
        <a href="/admin/posizioni">← Tutte le posizioni</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Nuova posizione allo sportello</h1>
      <p className="mt-3 max-w-2xl text-lg">
        Per chi si presenta allo sportello: crea la posizione e stampa subito l’avviso di pagamento da consegnare.
      </p>
      {services.length === 0 ? (
        <p className="mt-6">Non ci sono servizi attivi che puoi gestire.</p>
      ) : (
        <CounterPositionForm
          services={services.map((s) => ({
            id: s.id,
            title: s.title,
            amountKind: s.amountRule.kind,
            amountText: describeAmount(s.amountRule).headline,
          }))}
        />
      )}
    </>
  );
}
