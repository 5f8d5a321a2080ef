import type { Metadata } from 'next';
import { StaffLogin } from '@/app/_components/login/staff-login';
import { staffReturnPath } from '@/lib/auth/login-links';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export const metadata: Metadata = { title: 'Accesso CIT' };

export default async function CitLogin({ searchParams }: { searchParams: Promise<{ ritorno?: string | string[] }> }) {
  await requireProvinciaHost();
  return (
    <StaffLogin
      title="Cruscotto CIT"
      intro="Accesso per il personale del Centro Innovazione e Tecnologie."
      area="cit"
      placeName="il cruscotto del CIT"
      returnPath={staffReturnPath((await searchParams).ritorno, '/cit')}
    />
  );
}
