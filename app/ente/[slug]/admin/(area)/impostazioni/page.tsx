import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { PARTNER_LABELS } from '@/lib/partners/labels';
import { partnerSecretSetAt } from '@/lib/settings/ente-settings';
import { enteLogoSrc } from '@/lib/settings/logo-url';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { LogoForm } from './logo-form';
import { PartnerSecretForm } from './partner-secret-form';
import { ProfileForm } from './profile-form';

export const metadata: Metadata = { title: 'Impostazioni' };

/** The Ente's profile, logo and partner connection, for its admins. */
export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  await requireEnteStaff(ente, ['ente_admin']);
  const secretSetAt = await partnerSecretSetAt(await getDb(), ente);
  return (
    <>
      <h1 className="text-3xl font-bold">Impostazioni</h1>
      <p className="mt-2 max-w-2xl text-muted">
        I dati che i cittadini vedono sul portale e sugli avvisi di pagamento. Le chiavi per i gestionali dell’Ente sono in{' '}
        <a href="/admin/impostazioni/api">Chiavi API</a>; lo stato dell’adesione al servizio e la disdetta in{' '}
        <a href="/admin/impostazioni/adesione">Adesione al servizio</a>; le e-mail ai cittadini in{' '}
        <a href="/admin/impostazioni/notifiche">Messaggi ai cittadini</a>.
      </p>
      <section aria-labelledby="profilo" className="mt-8">
        <h2 id="profilo" className="text-2xl font-bold">
          Profilo dell’Ente
        </h2>
        <dl className="mt-3">
          <dt className="font-semibold">Codice fiscale</dt>
          <dd>
            {ente.fiscalCode}{' '}
            <span className="text-muted">(identifica l’Ente presso pagoPA: per cambiarlo contatta il centro servizi)</span>
          </dd>
        </dl>
        <ProfileForm
          initial={{
            name: ente.name,
            ipaCode: ente.ipaCode,
            cbill: ente.cbill ?? '',
            sector: ente.sector ?? '',
            primaryColor: ente.primaryColor ?? '',
            address: ente.address ?? '',
            email: ente.email ?? '',
            pec: ente.pec ?? '',
            phone: ente.phone ?? '',
            website: ente.website ?? '',
            officeHours: ente.officeHours ?? '',
            iban: ente.iban ?? '',
            postalAccountNumber: ente.postalAccountNumber ?? '',
            postalAccountHolder: ente.postalAccountHolder ?? '',
            postalAuthorization: ente.postalAuthorization ?? '',
          }}
        />
      </section>
      <section aria-labelledby="logo" className="mt-10">
        <h2 id="logo" className="text-2xl font-bold">
          Logo
        </h2>
        <LogoForm current={enteLogoSrc(ente)} uploaded={ente.logoMime !== null} />
      </section>
      <section aria-labelledby="partner" className="mt-10">
        <h2 id="partner" className="text-2xl font-bold">
          Collegamento con il partner tecnologico
        </h2>
        {ente.partner === 'sandbox' ? (
          <>
            <p className="mt-2">
              Partner: <strong>{PARTNER_LABELS[ente.partner]}</strong>.{' '}
              {secretSetAt
                ? `Segreto delle notifiche impostato il ${formatDateTime(secretSetAt)}.`
                : 'Segreto delle notifiche non ancora impostato.'}
            </p>
            <p className="mt-1 max-w-2xl text-muted">
              Il segreto firma le notifiche di pagamento del partner. Per sicurezza non viene mai mostrato: puoi solo sostituirlo.
            </p>
            <PartnerSecretForm />
          </>
        ) : ente.partner ? (
          <p className="mt-2">
            Partner: <strong>{PARTNER_LABELS[ente.partner]}</strong>. Indirizzi, credenziali e verifica in{' '}
            <a href="/admin/impostazioni/partner">Collegamento con il partner</a>.
          </p>
        ) : (
          <p className="mt-2">Il partner tecnologico non è ancora stato assegnato: lo assegna il centro servizi.</p>
        )}
      </section>
    </>
  );
}
