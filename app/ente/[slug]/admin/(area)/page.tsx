import type { Metadata } from 'next';
import { Figure } from '@/app/_components/figure';
import { PaymentsChart } from '@/app/_components/payments-chart';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { dashboardFigures } from '@/lib/backoffice/dashboard';
import { CONSERVAZIONE_VIEW_ROLES } from '@/lib/conservazione/roles';
import { formatEuro } from '@/lib/format/money';
import type { PositionStatus } from '@/lib/positions/lifecycle';
import { POSITION_STATUS_LABELS } from '@/lib/positions/status-labels';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Back office' };

const STATUSES: PositionStatus[] = ['valid', 'paid', 'expired', 'cancelled'];

export default async function EnteAdminHome({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente);
  const f = await dashboardFigures(await getDb(), ente.id, staff);
  // Anomalies and dead jobs have their page for admins and operators only.
  const mayReview = staff.role !== 'ente_viewer';
  const rate = f.carts.started === 0 ? '—' : `${Math.round((f.carts.paid / f.carts.started) * 100)}%`;
  return (
    <>
      <h1 className="text-3xl font-bold">Back office di {ente.name}</h1>
      {staff.serviceIds && <p className="mt-3 text-lg">I dati riguardano solo i servizi che gestisci.</p>}
      <section aria-labelledby="incassi" className="mt-8">
        <h2 id="incassi" className="text-2xl font-bold">
          Incassato
        </h2>
        <dl className="mt-4 grid gap-4 sm:grid-cols-3">
          <Figure label="Oggi" value={formatEuro(f.collectedCents.today)} />
          <Figure label="Questo mese" value={formatEuro(f.collectedCents.month)} />
          <Figure label="Quest’anno" value={formatEuro(f.collectedCents.year)} />
        </dl>
      </section>
      <section aria-labelledby="posizioni" className="mt-8">
        <h2 id="posizioni" className="text-2xl font-bold">
          Posizioni
        </h2>
        <dl className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {STATUSES.map((s) => (
            <Figure
              key={s}
              label={POSITION_STATUS_LABELS[s]}
              value={f.positionsByStatus[s].toLocaleString('it-IT')}
              href={`/admin/posizioni?stato=${s}`}
            />
          ))}
        </dl>
      </section>
      <section aria-labelledby="attenzione" className="mt-8">
        <h2 id="attenzione" className="text-2xl font-bold">
          Da seguire
        </h2>
        <dl className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <div className="rounded border border-line p-4">
            <dt className="text-muted">Pagamenti riusciti</dt>
            <dd className="mt-1 text-2xl font-bold">{rate}</dd>
            <dd className="mt-1 text-sm text-muted">
              Negli ultimi 90 giorni: {f.carts.paid} {f.carts.paid === 1 ? 'pagamento completato' : 'pagamenti completati'} su{' '}
              {f.carts.started} {f.carts.started === 1 ? 'avviato' : 'avviati'} presso un PSP.
            </dd>
          </div>
          <Figure
            label="In attesa di registrazione presso il partner"
            value={f.pendingRegistrations.toLocaleString('it-IT')}
            href="/admin/posizioni?registrazione=in_attesa"
          />
          {mayReview && f.unresolvedAnomalies !== undefined && (
            <Figure label="Anomalie da esaminare" value={f.unresolvedAnomalies.toLocaleString('it-IT')} href="/admin/anomalie" />
          )}
          {mayReview && f.deadJobs !== undefined && (
            <Figure label="Operazioni non riuscite da riprovare" value={f.deadJobs.toLocaleString('it-IT')} href="/admin/anomalie" />
          )}
          {f.conservazione && CONSERVAZIONE_VIEW_ROLES.includes(staff.role) && (
            <Figure
              label="Ricevute da riesaminare in conservazione"
              value={f.conservazione.toReview.toLocaleString('it-IT')}
              href="/admin/conservazione"
              note={f.conservazione.stopped ? 'Versamento fermo: il conservatore ha rifiutato la configurazione.' : undefined}
            />
          )}
        </dl>
      </section>
      <section aria-labelledby="andamento" className="mt-8">
        <h2 id="andamento" className="text-2xl font-bold">
          Pagamenti al giorno
        </h2>
        <PaymentsChart days={f.paymentsPerDay} />
      </section>
    </>
  );
}
