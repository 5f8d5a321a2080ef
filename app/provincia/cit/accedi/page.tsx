import type { Metadata } from 'next';
import { StaffLogin } from '@/app/_components/login/staff-login';
import { staffReturnPath } from '@/lib/auth/login-links';
import { currentProvider } from '@/lib/provider/current';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export const metadata: Metadata = { title: 'Accesso al cruscotto' };

export default async function CitLogin({ searchParams }: { searchParams: Promise<{ ritorno?: string | string[] }> }) {
  await requireProvinciaHost();
  const provider = await currentProvider();
  return (
    <StaffLogin
      title={`Cruscotto ${provider.serviceCentreShortName}`}
      intro={`Accesso per il personale di ${provider.serviceCentreName}.`}
      area="cit"
      placeName={`il cruscotto ${provider.serviceCentreShortName}`}
      returnPath={staffReturnPath((await searchParams).ritorno, '/cit')}
    />
  );
}
