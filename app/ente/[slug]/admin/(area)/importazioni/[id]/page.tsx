import type { Metadata } from 'next';
import { formatDateTime } from '@/lib/format/date';
import { getDb } from '@/db';
import { importProgress } from '@/lib/imports/queries';
import { notFound } from 'next/navigation';
import { requireEnteStaff } from '@/lib/auth/guards';
import { IMPORT_ROLES } from '@/lib/imports/roles';
import { findStaffImport } from '@/lib/imports/staff-import';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { ImportProgress } from './import-progress';

export const metadata: Metadata = { title: 'Importazione' };

export default async function ImportPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const staff = await requireEnteStaff(ente, IMPORT_ROLES);
  const imported = await findStaffImport(ente, staff, id);
  if (!imported) notFound();
  return (
    <>
      <p>
        <a href="/admin/importazioni">Torna alle importazioni</a>
      </p>
      <h1 className="mt-4 text-3xl font-bold">Importazione di {imported.filename}</h1>
      <p className="mt-2 text-muted">Caricata il {formatDateTime(imported.createdAt)}</p>
      <section aria-labelledby="esito" className="mt-6">
        <h2 id="esito" className="sr-only">
          Esito
        </h2>
        <ImportProgress id={imported.id} initial={await importProgress(await getDb(), imported)} />
      </section>
    </>
  );
}
