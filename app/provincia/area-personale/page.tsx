import type { Metadata } from 'next';
import { currentProvider } from '@/lib/provider/current';
import { ArrowRight } from 'lucide-react';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { OwedList } from '@/app/_components/citizen/owed-list';
import { PaymentsSection } from '@/app/_components/citizen/payments-list';
import { getDb } from '@/db';
import { findOwedAcrossEnti, findPaymentsMade } from '@/lib/citizen/queries';
import { paymentsCursorSchema } from '@/lib/citizen/schemas';
import { AREA_PATH, requireCitizen } from '@/lib/citizen/session';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { enteUrl } from '@/lib/tenancy/urls';

export async function generateMetadata(): Promise<Metadata> {
  return { title: `I miei pagamenti - ${(await currentProvider()).name}`, robots: { index: false } };
}

const origin = (slug: string) => enteUrl(slug, '').replace(/\/$/, '');

/**
 * Everything the signed-in citizen owes to and has paid to the Enti of the province, by Ente. Paying
 * happens on each Ente's own portal: carts and checkouts are per Ente.
 */
export default async function AreaPersonaleProvinciale({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireCitizen();
  const cursor = paymentsCursorSchema.parse(singleParam((await searchParams).dopo));
  const db = await getDb();
  const [groups, payments] = await Promise.all([
    findOwedAcrossEnti(db, session.fiscalCode),
    findPaymentsMade(db, { fiscalCode: session.fiscalCode }, cursor),
  ]);

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', href: '/' }, { label: 'I miei pagamenti' }]} />
      <div className="container-page max-w-4xl py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">I miei pagamenti</h1>
        <p className="mt-2 text-lg">
          Ciao {session.name}. Qui trovi gli avvisi intestati al tuo codice fiscale di tutti gli Enti della provincia che usano questo
          portale, e i pagamenti che hai fatto.
        </p>

        <section aria-labelledby="da-pagare" className="mt-8">
          <h2 id="da-pagare" className="text-2xl font-bold">
            Da pagare
          </h2>
          {groups.length === 0 ? (
            <p className="mt-4 text-lg">Non hai avvisi da pagare agli Enti della provincia.</p>
          ) : (
            <>
              <p className="mt-2 text-muted">Ogni Ente ha il suo portale e il suo carrello: paga gli avvisi di un Ente sul suo portale.</p>
              {groups.map(({ ente, positions }) => {
                const total = positions.reduce((sum, p) => sum + p.amountCents, 0);
                return (
                  <section key={ente.id} aria-labelledby={`ente-${ente.slug}`} className="mt-6 rounded border-2 border-line p-4 sm:p-6">
                    <h3 id={`ente-${ente.slug}`} className="text-xl font-bold">
                      {ente.name}
                    </h3>
                    <p className="mt-1">
                      {positions.length === 1 ? '1 avviso' : `${positions.length} avvisi`}, in tutto {formatEuro(total)}
                    </p>
                    <a href={enteUrl(ente.slug, AREA_PATH)} className="btn-primary mt-3 w-full sm:w-auto">
                      Paga sul portale di {ente.name} <ArrowRight aria-hidden="true" size={18} />
                    </a>
                    <OwedList enteId={ente.id} items={positions} origin={origin(ente.slug)} />
                  </section>
                );
              })}
            </>
          )}
        </section>

        <PaymentsSection payments={payments} cursor={cursor} originOf={(payment) => origin(payment.ente.slug)} showEnte />
      </div>
    </>
  );
}
