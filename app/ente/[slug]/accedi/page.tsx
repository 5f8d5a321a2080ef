import type { Metadata } from 'next';
import { CitizenLogin } from '@/app/_components/login/citizen-login';
import { loginReturnPath } from '@/lib/auth/login-links';
import { requireEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Accedi' };

export default async function EnteCitizenLogin({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ ritorno?: string | string[] }>;
}) {
  const ente = await requireEnte((await params).slug);
  return (
    <CitizenLogin
      title={`Accedi a ${ente.name}`}
      scope={`fatti a ${ente.name}`}
      consentName={ente.name}
      returnPath={loginReturnPath((await searchParams).ritorno, '/area-personale')}
    />
  );
}
