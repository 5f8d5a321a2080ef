import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { findPartner } from '@/lib/partners/directory';
import { PARTNER_CODES, PROTOCOL_LABELS } from '@/lib/partners/directory-schemas';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { PartnerContactsForm } from './contacts-form';
import { PartnerStatusForm } from './status-form';

export const metadata: Metadata = { title: 'Modifica partner' };

/** A partner's registry entry: contacts for every CIT staff member, compatibility and protocol for CIT admins. */
export default async function PartnerPage({ params }: { params: Promise<{ codice: string }> }) {
  await requireProvinciaHost();
  const staff = await requireCitStaff();
  const { codice } = await params;
  const code = PARTNER_CODES.find((c) => c === codice);
  const partner = code && (await findPartner(await getDb(), code));
  if (!partner) {
    return (
      <div>
        <h1 className="text-3xl font-bold">Partner non trovato</h1>
        <p className="mt-3 text-lg">
          Torna al <a href="/cit/partner">registro dei partner</a>.
        </p>
      </div>
    );
  }
  return (
    <div>
      <p>
        <a href="/cit/partner">Partner tecnologici</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">{partner.name}</h1>

      <section aria-labelledby="stato" className="mt-8 max-w-2xl">
        <h2 id="stato" className="text-2xl font-bold">
          Compatibilità e protocollo
        </h2>
        {staff.role === 'cit_admin' ? (
          <PartnerStatusForm initial={{ code: partner.code, compatible: partner.compatible, protocol: partner.protocol }} />
        ) : (
          <>
            <p className="mt-2">
              {partner.compatible ? 'Compatibile: si può assegnare agli Enti.' : 'Non compatibile: non si può assegnare agli Enti.'}{' '}
              Protocollo: {partner.protocol ? PROTOCOL_LABELS[partner.protocol] : 'da definire'}.
            </p>
            <p className="mt-2 text-muted">Solo un amministratore del centro servizi può cambiarli.</p>
          </>
        )}
      </section>

      <section aria-labelledby="contatti" className="mt-10">
        <h2 id="contatti" className="text-2xl font-bold">
          Contatti
        </h2>
        <PartnerContactsForm
          initial={{
            code: partner.code,
            website: partner.website ?? '',
            contactName: partner.contactName ?? '',
            contactEmail: partner.contactEmail ?? '',
            contactPhone: partner.contactPhone ?? '',
            technicalName: partner.technicalName ?? '',
            technicalEmail: partner.technicalEmail ?? '',
            technicalPhone: partner.technicalPhone ?? '',
            notes: partner.notes ?? '',
          }}
        />
      </section>
    </div>
  );
}
