import type { Metadata } from 'next';
import { LoginPage } from '@/app/_components/login-page';
import { requireEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Accesso area riservata' };

export default async function EnteLogin({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireEnte((await params).slug);
  return <LoginPage title="Area riservata" intro={`Accesso per il personale di ${ente.name}.`} />;
}
