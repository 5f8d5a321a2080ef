import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { findProviderProfile } from '@/lib/provider/profile';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { ProviderForm } from './provider-form';

export const metadata: Metadata = { title: 'Ente gestore' };

/** The provider's identity (name, fiscal and IPA codes, service centre, colours, contacts), for CIT admins. */
export default async function ProviderSettingsPage() {
  await requireProvinciaHost();
  await requireCitStaff(['cit_admin']);
  const profile = await findProviderProfile(await getDb());
  return (
    <div>
      <h1 className="text-3xl font-bold">Ente gestore del portale</h1>
      <p className="mt-2 max-w-2xl text-muted">
        Questi dati compaiono nelle intestazioni, nel piè di pagina, negli avvisi e nelle pagine di accesso. Le modifiche valgono subito per
        tutti gli Enti.
      </p>
      <ProviderForm
        initial={{
          name: profile?.name ?? '',
          shortName: profile?.shortName ?? '',
          fiscalCode: profile?.fiscalCode ?? '',
          ipaCode: profile?.ipaCode ?? '',
          serviceCentreName: profile?.serviceCentreName ?? '',
          serviceCentreShortName: profile?.serviceCentreShortName ?? '',
          coatOfArmsUrl: profile?.coatOfArmsUrl ?? '',
          primaryColor: profile?.primaryColor ?? '#0066cc',
          address: profile?.address ?? '',
          email: profile?.email ?? '',
          pec: profile?.pec ?? '',
          phone: profile?.phone ?? '',
          officeHours: profile?.officeHours ?? '',
          website: profile?.website ?? '',
          privacyUrl: profile?.privacyUrl ?? '',
        }}
      />
    </div>
  );
}
