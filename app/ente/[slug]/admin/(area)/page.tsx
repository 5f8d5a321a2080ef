import type { Metadata } from 'next';
import { requireEnteStaff } from '@/lib/auth/guards';
import { requireEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Back office' };

export default async function EnteAdminHome({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireEnte((await params).slug);
  await requireEnteStaff(ente);
  return (
    <>
      <h1 className="text-3xl font-bold">Back office di {ente.name}</h1>
      <p className="mt-3 max-w-2xl text-lg text-muted">Scegli una sezione dal menu.</p>
    </>
  );
}
