import type { Metadata } from 'next';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { OwedList } from '@/app/_components/citizen/owed-list';
import { OwnPositionActions, PayAllOwnButton } from '@/app/_components/citizen/own-pay-buttons';
import { PaymentsSection } from '@/app/_components/citizen/payments-list';
import { getDb } from '@/db';
import { findOwedPositions, findPaymentsMade } from '@/lib/citizen/queries';
import { paymentsCursorSchema } from '@/lib/citizen/schemas';
import { requireCitizen } from '@/lib/citizen/session';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { MAX_CART_NOTICES } from '@/lib/payments/cart';
import { requireEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'I miei pagamenti', robots: { index: false } };

/** The signed-in citizen's notices and payments with this Ente: only this Ente's, only their own. */
export default async function AreaPersonale({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const ente = await requireEnte((await params).slug);
  const session = await requireCitizen();
  const cursor = paymentsCursorSchema.parse(singleParam((await searchParams).dopo));
  const db = await getDb();
  const [owed, payments] = await Promise.all([
    findOwedPositions(db, ente.id, session.fiscalCode),
    findPaymentsMade(db, { fiscalCode: session.fiscalCode, enteId: ente.id }, cursor),
  ]);
  const total = owed.reduce((sum, p) => sum + p.amountCents, 0);

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', href: '/' }, { label: 'I miei pagamenti' }]} />
      <div className="container-page max-w-4xl py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">I miei pagamenti</h1>
        <p className="mt-2 text-lg">
          Ciao {session.name}. Qui trovi gli avvisi di {ente.name} intestati al tuo codice fiscale e i pagamenti che hai fatto.
        </p>

        <section aria-labelledby="da-pagare" className="mt-8">
          <h2 id="da-pagare" className="text-2xl font-bold">
            Da pagare
          </h2>
          {owed.length === 0 ? (
            <p className="mt-4 text-lg">Non hai avvisi da pagare a {ente.name}.</p>
          ) : (
            <>
              {owed.length > 1 && owed.length <= MAX_CART_NOTICES && (
                <div className="mt-4 rounded bg-surface p-4">
                  <p className="mb-3">
                    Hai {owed.length} avvisi da pagare, in tutto {formatEuro(total)}: puoi pagarli insieme con una sola operazione.
                  </p>
                  <PayAllOwnButton positionIds={owed.map((p) => p.id)} label={`Paga tutti (${formatEuro(total)})`} />
                </div>
              )}
              <OwedList
                enteId={ente.id}
                items={owed}
                actions={(p, headingId, noticeLink) => (
                  <OwnPositionActions positionId={p.id} describedBy={headingId}>
                    {noticeLink}
                  </OwnPositionActions>
                )}
              />
            </>
          )}
        </section>

        <PaymentsSection payments={payments} cursor={cursor} originOf={() => ''} showEnte={false} />
      </div>
    </>
  );
}
