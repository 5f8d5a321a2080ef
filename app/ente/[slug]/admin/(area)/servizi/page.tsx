import type { Metadata } from 'next';
import { Plus } from 'lucide-react';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { listManageableServices } from '@/lib/catalogue/admin-queries';
import { describeAmount } from '@/lib/catalogue/amount-text';
import { groupByCategory } from '@/lib/catalogue/search';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { ServiceRowControls } from './service-row-controls';

export const metadata: Metadata = { title: 'Servizi' };

export default async function ServicesPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente, ['ente_admin', 'ente_operator']);
  const groups = groupByCategory(await listManageableServices(await getDb(), ente.id, staff));

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-3xl font-bold">Servizi</h1>
        {staff.role === 'ente_admin' && (
          <a href="/admin/servizi/nuovo" className="btn-primary">
            <Plus aria-hidden="true" size={20} /> Nuovo servizio
          </a>
        )}
      </div>
      <p className="mt-2 max-w-3xl text-muted">
        {staff.serviceIds
          ? 'Vedi solo i servizi che ti sono stati affidati.'
          : 'I servizi compaiono ai cittadini per categoria, nell’ordine di questa pagina. Un servizio disattivato non si può più pagare online.'}
      </p>
      {groups.length === 0 && <p className="mt-6">Nessun servizio.</p>}
      {groups.map((group, g) => (
        <section key={group.category} aria-labelledby={`categoria-${g}`} className="mt-8">
          <h2 id={`categoria-${g}`} className="text-2xl font-bold">
            {group.category}
          </h2>
          <ul className="mt-3 divide-y divide-line rounded border border-line">
            {group.services.map((service, i) => (
              <li key={service.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <a href={`/admin/servizi/${service.code}`} className="text-lg font-semibold">
                    {service.title}
                  </a>
                  <p className="text-sm text-muted">
                    <span className="font-mono">{service.code}</span> · {describeAmount(service.amountRule).headline} ·{' '}
                    <span className={service.active ? 'text-success' : 'font-semibold text-danger'}>
                      {service.active ? 'attivo' : 'disattivato'}
                    </span>
                  </p>
                </div>
                <ServiceRowControls
                  id={service.id}
                  title={service.title}
                  version={service.updatedAt.toISOString()}
                  active={service.active}
                  first={i === 0}
                  last={i === group.services.length - 1}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
