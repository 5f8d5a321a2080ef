import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { findManageableService, listManageableServices, listServiceOperators } from '@/lib/catalogue/admin-queries';
import { serviceFormValues } from '@/lib/catalogue/service-schema';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { ServiceEditor } from '../service-editor';
import { ServiceManagers } from './service-managers';

export const metadata: Metadata = { title: 'Modifica servizio' };

type Props = { params: Promise<{ slug: string; code: string }>; searchParams: Promise<{ creato?: string }> };

export default async function EditServicePage({ params, searchParams }: Props) {
  const { slug, code } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaff(ente, ['ente_admin', 'ente_operator']);
  const db = await getDb();
  // Another Ente's service, or one outside an operator's scope, is simply not there.
  const service = await findManageableService(db, ente.id, code, staff);
  if (!service) notFound();
  const categories = [...new Set((await listManageableServices(db, ente.id, staff)).map((s) => s.category))];
  const created = (await searchParams).creato === '1';

  return (
    <>
      <p>
        <a href="/admin/servizi">← Servizi</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">{service.title}</h1>
      <p className="mt-1 mb-6 text-muted">
        {service.active ? (
          <>
            Attivo: <a href={`/servizi/${service.code}`}>apri la pagina per il cittadino</a>.
          </>
        ) : (
          'Disattivato: i cittadini non lo vedono.'
        )}
      </p>
      {created && (
        <p role="status" className="mb-6 rounded border-l-4 border-success bg-green-50 px-4 py-3 font-semibold">
          Servizio creato.
        </p>
      )}
      <ServiceEditor
        mode="edit"
        id={service.id}
        version={service.updatedAt.toISOString()}
        initial={serviceFormValues(service)}
        categories={categories}
      />
      {staff.role === 'ente_admin' && (
        <ServiceManagers serviceId={service.id} operators={await listServiceOperators(db, ente.id, service.id)} />
      )}
    </>
  );
}
