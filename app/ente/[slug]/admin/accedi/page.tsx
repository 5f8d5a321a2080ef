import type { Metadata } from 'next';
import { StaffLogin } from '@/app/_components/login/staff-login';
import { staffReturnPath } from '@/lib/auth/login-links';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Accesso area riservata' };

export default async function EnteStaffLogin({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ ritorno?: string | string[] }>;
}) {
  const ente = await requireBackOfficeEnte((await params).slug);
  return (
    <StaffLogin
      title="Area riservata"
      intro={`Accesso per il personale di ${ente.name}.`}
      area={{ enteId: ente.id }}
      placeName={`l'area riservata di ${ente.name}`}
      returnPath={staffReturnPath((await searchParams).ritorno, '/admin')}
    />
  );
}
