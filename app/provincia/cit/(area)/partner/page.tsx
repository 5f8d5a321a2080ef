import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { listPartners, type PartnerEntry } from '@/lib/partners/directory';
import { PROTOCOL_LABELS } from '@/lib/partners/directory-schemas';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export const metadata: Metadata = { title: 'Partner tecnologici' };

function Contact({ name, email, phone }: { name: string | null; email: string | null; phone: string | null }) {
  if (!name && !email && !phone) return <span className="text-muted">Non indicato</span>;
  return (
    <>
      {name && <span className="block">{name}</span>}
      {email && (
        <a className="block break-all" href={`mailto:${email}`}>
          {email}
        </a>
      )}
      {phone && <span className="block">{phone}</span>}
    </>
  );
}

function PartnerCard({ partner }: { partner: PartnerEntry }) {
  const headingId = `partner-${partner.code}`;
  return (
    <li className="rounded border border-line p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-xl font-bold">
          {partner.name}
        </h2>
        <span
          className={`rounded px-2 py-1 text-sm font-semibold ${partner.compatible ? 'border-2 border-success text-success' : 'border-2 border-danger text-danger'}`}
        >
          {partner.compatible ? 'Compatibile' : 'Non compatibile: non assegnabile'}
        </span>
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
        <dt className="font-semibold">Protocollo</dt>
        <dd>{partner.protocol ? PROTOCOL_LABELS[partner.protocol] : <span className="text-muted">Da definire</span>}</dd>
        <dt className="font-semibold">Sito</dt>
        <dd>
          {partner.website ? (
            <a className="break-all" href={partner.website}>
              {partner.website}
            </a>
          ) : (
            <span className="text-muted">Non indicato</span>
          )}
        </dd>
        <dt className="font-semibold">Contatto commerciale</dt>
        <dd>
          <Contact name={partner.contactName} email={partner.contactEmail} phone={partner.contactPhone} />
        </dd>
        <dt className="font-semibold">Referente tecnico</dt>
        <dd>
          <Contact name={partner.technicalName} email={partner.technicalEmail} phone={partner.technicalPhone} />
        </dd>
        <dt className="font-semibold">Enti che lo usano</dt>
        <dd>{partner.enti.length === 0 ? <span className="text-muted">Nessuno</span> : partner.enti.map((e) => e.name).join(', ')}</dd>
        {partner.notes && (
          <>
            <dt className="font-semibold">Note</dt>
            <dd className="whitespace-pre-line">{partner.notes}</dd>
          </>
        )}
      </dl>
      <p className="mt-3">
        <a href={`/cit/partner/${partner.code}`}>
          Modifica<span className="sr-only"> {partner.name}</span>
        </a>
      </p>
    </li>
  );
}

/** The registry of partner tecnologici: how the portal talks to each, who to call, which Enti use it. */
export default async function PartnersPage() {
  await requireProvinciaHost();
  await requireCitStaff();
  const registry = await listPartners(await getDb());
  return (
    <div>
      <h1 className="text-3xl font-bold">Partner tecnologici</h1>
      <p className="mt-2 max-w-3xl text-lg">
        I partner che collegano gli Enti al nodo pagoPA. Il portale di un Ente è operativo solo dopo la nomina di un partner compatibile:
        solo questi si possono assegnare.
      </p>
      <ul className="mt-6 grid gap-4 lg:grid-cols-2">
        {registry.map((partner) => (
          <PartnerCard key={partner.code} partner={partner} />
        ))}
      </ul>
    </div>
  );
}
