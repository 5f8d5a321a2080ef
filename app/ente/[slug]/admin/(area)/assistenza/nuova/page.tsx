import type { Metadata } from 'next';
import { SupportMessageForm } from '@/app/_components/support/message-form';
import { requireEnteStaff } from '@/lib/auth/guards';
import { SUPPORT_ENTE_ROLES } from '@/lib/support/roles';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Nuova richiesta di assistenza' };

export default async function NewSupportRequestPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  await requireEnteStaff(ente, SUPPORT_ENTE_ROLES);
  return (
    <>
      <p>
        <a href="/admin/assistenza">Tutte le richieste</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Nuova richiesta di assistenza</h1>
      <p className="mt-3 max-w-3xl text-lg">
        Non scrivere password né dati personali dei cittadini che non servono: se ti chiediamo altro, lo trovi nella pagina della richiesta.
      </p>
      <SupportMessageForm kind="nuova" action="/admin/assistenza/invio" redirectBase="/admin/assistenza" />
    </>
  );
}
