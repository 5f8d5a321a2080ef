import type { Metadata } from 'next';
import { Figure } from '@/app/_components/figure';
import { getReadDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { ADHESION_STATUS_LABELS } from '@/lib/onboarding/state';
import { citOverview, STUCK_AFTER_MS } from '@/lib/cit/monitoring';
import { formatEuro } from '@/lib/format/money';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export const metadata: Metadata = { title: 'Cruscotto del portale' };

const STATES = ['richiesta', 'in_attivazione', 'attivo', 'sospeso', 'cessato'] as const;
const number = (n: number) => n.toLocaleString('it-IT');

/** The CIT's home: today's and this month's payments across Enti, the Enti by state, what needs attention. */
export default async function CitDashboard() {
  await requireProvinciaHost();
  const staff = await requireCitStaff();
  const o = await citOverview(await getReadDb());
  const attention = [
    {
      label: `Posizioni ferme in attesa di registrazione (da oltre ${STUCK_AFTER_MS / 3_600_000} ora)`,
      value: o.attention.stuckRegistrations,
      href: '/cit/monitoraggio#per-ente',
    },
    { label: 'Operazioni non riuscite da riprovare', value: o.attention.deadJobs, href: '/cit/monitoraggio/salute#coda' },
    { label: 'Notifiche dei partner respinte questo mese', value: o.attention.rejectedCallbacks, href: '/cit/monitoraggio#per-ente' },
    { label: 'Anomalie di pagamento aperte', value: o.attention.openAnomalies, href: '/cit/monitoraggio#per-ente' },
    {
      label: 'Ricevute da riesaminare in conservazione',
      value: o.attention.conservazioneToReview,
      href: '/cit/monitoraggio#conservazione',
    },
    {
      label: 'Enti con la conservazione ferma (configurazione rifiutata)',
      value: o.attention.conservazioneStopped,
      href: '/cit/monitoraggio#conservazione',
    },
    { label: 'Richieste di assistenza aperte', value: o.attention.openSupportRequests, href: '/cit/assistenza' },
    { label: 'Domande nuove dal sito', value: o.attention.newQuestions, href: '/cit/domande' },
  ];
  return (
    <>
      <h1 className="text-3xl font-bold">Cruscotto del portale</h1>
      {staff.role === 'cit_admin' && (
        <p className="mt-3">
          <a href="/cit/impostazioni" className="font-semibold">
            Dati dell&apos;ente gestore del portale
          </a>
        </p>
      )}
      <section aria-labelledby="pagamenti" className="mt-8">
        <h2 id="pagamenti" className="text-2xl font-bold">
          Pagamenti di tutti gli Enti
        </h2>
        <dl className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Figure label="Pagamenti oggi" value={number(o.today.payments)} href="/cit/monitoraggio" />
          <Figure label="Incassato oggi" value={formatEuro(o.today.amountCents)} />
          <Figure label="Pagamenti questo mese" value={number(o.month.payments)} href="/cit/monitoraggio" />
          <Figure label="Incassato questo mese" value={formatEuro(o.month.amountCents)} />
        </dl>
      </section>
      <section aria-labelledby="enti" className="mt-8">
        <h2 id="enti" className="text-2xl font-bold">
          Enti per stato dell&apos;adesione
        </h2>
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
          {STATES.map((s) => (
            <Figure key={s} label={ADHESION_STATUS_LABELS[s]} value={number(o.entiByStatus[s])} href={`/cit/enti?stato=${s}`} />
          ))}
        </dl>
      </section>
      <section aria-labelledby="attenzione" className="mt-8">
        <h2 id="attenzione" className="text-2xl font-bold">
          Da seguire
        </h2>
        <ul className="mt-4 grid gap-3 sm:grid-cols-2">
          {attention.map((item) => (
            <li key={item.label}>
              <a
                href={item.href}
                className={`flex min-h-12 items-center justify-between gap-4 rounded border-2 p-4 no-underline ${item.value > 0 ? 'border-danger' : 'border-line'}`}
              >
                <span className="text-ink">{item.label}</span>
                <span className="text-2xl font-bold">{number(item.value)}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
