import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { listManageableServices } from '@/lib/catalogue/admin-queries';
import { serviceFormValues } from '@/lib/catalogue/service-schema';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { ServiceEditor } from '../service-editor';

export const metadata: Metadata = { title: 'Nuovo servizio' };

export default async function NewServicePage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente, ['ente_admin']);
  const categories = [...new Set((await listManageableServices(await getDb(), ente.id, staff)).map((s) => s.category))];
  return (
    <>
      <p>
        <a href="/admin/servizi">← Servizi</a>
      </p>
      <h1 className="mt-2 mb-6 text-3xl font-bold">Nuovo servizio</h1>
      <ServiceEditor mode="create" initial={serviceFormValues()} categories={categories} />
    </>
  );
}
