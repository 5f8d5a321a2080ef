import type { Metadata } from 'next';
import { getDb } from '@/db';
import { findServiceTitle } from '@/lib/catalogue/queries';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { NoticeActions } from '@/app/_components/pay-buttons';
import { formatEuro } from '@/lib/format/money';
import { formatDate } from '@/lib/format/date';
import { formatNoticeNumber, normalizeNoticeInput, noticeNumberProblem } from '@/lib/pagopa/notice';
import { findPositionByNotice } from '@/lib/positions/queries';
import { requireEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Paga un avviso' };

/** Initials only: a notice number is not a secret, so the page must not reveal who owes what. */
function maskName(name: string | null): string {
  if (!name) return 'non indicato';
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w[0]}.`)
    .join(' ');
}

export default async function PayNotice({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ codice?: string }> }) {
  const ente = await requireEnte((await params).slug);
  const typed = ((await searchParams).codice ?? '').slice(0, 40);
  const nav = normalizeNoticeInput(typed);
  const problem = typed ? noticeNumberProblem(nav) : null;
  const db = await getDb();
  const position = typed && !problem ? await findPositionByNotice(db, ente.id, nav) : undefined;
  const serviceTitle = position ? await findServiceTitle(db, ente.id, position.serviceId) : null;

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', href: '/' }, { label: 'Paga un avviso' }]} />
      <div className="container-page max-w-3xl py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">Paga un avviso</h1>
        <p className="mt-2 text-lg text-muted">
          Hai ricevuto un avviso di pagamento pagoPA da {ente.name}? Scrivi il codice avviso di 18 cifre che trovi
          sull&apos;avviso, vicino al codice QR.
        </p>
        <form method="get" action="/paga-avviso" className="mt-6" noValidate>
          <label htmlFor="codice" className="mb-1 block font-semibold">
            Codice avviso
          </label>
          <p id="codice-aiuto" className="mb-1 text-sm text-muted">
            Per esempio 3012 0230 0000 0001 48: puoi scriverlo con o senza spazi.
          </p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <input
              id="codice"
              name="codice"
              inputMode="numeric"
              autoComplete="off"
              defaultValue={typed}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'codice-aiuto codice-errore' : 'codice-aiuto'}
              className="min-h-12 flex-1 rounded border-2 border-muted px-3 font-mono text-lg tracking-wider aria-[invalid=true]:border-danger"
            />
            <button type="submit" className="btn-primary min-h-12">
              Cerca l&apos;avviso
            </button>
          </div>
          {problem && (
            <p id="codice-errore" role="alert" className="mt-2 font-semibold text-danger">
              {problem}
            </p>
          )}
        </form>

        {typed && !problem && !position && (
          <p role="alert" className="mt-8 rounded border-l-4 border-warning bg-amber-50 px-4 py-3">
            Il codice {formatNoticeNumber(nav)} è scritto correttamente, ma non corrisponde a nessun avviso di {ente.name}.
            Controlla che l&apos;avviso sia di questo Ente.
          </p>
        )}

        {position && (
          <section aria-labelledby="avviso" className="mt-8 rounded border border-line p-5 shadow-sm">
            <h2 id="avviso" className="text-2xl font-bold">
              {serviceTitle ?? 'Avviso di pagamento'}
            </h2>
            <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-2">
              <div>
                <dt className="text-sm text-muted">Codice avviso</dt>
                <dd className="font-mono">{formatNoticeNumber(position.noticeNumber)}</dd>
              </div>
              <div>
                <dt className="text-sm text-muted">Importo</dt>
                <dd className="text-2xl font-bold">{formatEuro(position.amountCents)}</dd>
              </div>
              <div>
                <dt className="text-sm text-muted">Intestato a</dt>
                <dd>{maskName(position.debtorName)}</dd>
              </div>
              <div>
                <dt className="text-sm text-muted">Scadenza</dt>
                <dd>{position.dueDate ? formatDate(position.dueDate) : 'nessuna'}</dd>
              </div>
            </dl>
            {position.status === 'valid' && <NoticeActions slug={ente.slug} positionId={position.id} />}
            {position.status === 'paid' && (
              <p role="status" className="mt-6 rounded bg-green-50 px-4 py-3 font-semibold text-success">
                Questo avviso risulta già pagato: non serve pagarlo di nuovo.
              </p>
            )}
            {position.status === 'expired' && (
              <p role="status" className="mt-6 rounded bg-amber-50 px-4 py-3">Questo avviso è scaduto: contatta l&apos;ufficio di {ente.name} per un nuovo avviso.</p>
            )}
            {position.status === 'cancelled' && (
              <p role="status" className="mt-6 rounded bg-amber-50 px-4 py-3">Questo avviso è stato annullato dall&apos;Ente: non va pagato.</p>
            )}
          </section>
        )}
      </div>
    </>
  );
}
