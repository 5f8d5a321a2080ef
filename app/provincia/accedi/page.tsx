import type { Metadata } from 'next';
import { CitizenLogin } from '@/app/_components/login/citizen-login';
import { loginReturnPath } from '@/lib/auth/login-links';
import { readConfig } from '@/lib/config';
import { currentProvider } from '@/lib/provider/current';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export const metadata: Metadata = { title: 'Accedi' };

export default async function ProvinciaCitizenLogin({ searchParams }: { searchParams: Promise<{ ritorno?: string | string[] }> }) {
  await requireProvinciaHost();
  return (
    <CitizenLogin
      title="Accedi al portale dei pagamenti"
      scope="fatti a tutti gli Enti del portale"
      // The provincial site signs in with the service provider's own name (index 0), not an Ente's.
      consentName={readConfig().SPID_SP_ORG_NAME ?? (await currentProvider()).name}
      returnPath={loginReturnPath((await searchParams).ritorno, '/area-personale')}
    />
  );
}
