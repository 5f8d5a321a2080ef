import type { Metadata } from 'next';
import { getDb } from '@/db';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { PayCartButton, RemoveFromCartButton } from '@/app/_components/pay-buttons';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { currentBrowserKeyHash } from '@/lib/payments/browser-key';
import { cartPositions, findOpenCart, MAX_CART_NOTICES } from '@/lib/payments/cart';
import { requireEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Carrello' };

export default async function CartPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireEnte((await params).slug);
  const db = await getDb();
  // The cart is this browser's own (its key cookie), so it may show the causali the citizen claimed.
  const cart = await findOpenCart(db, ente.id, await currentBrowserKeyHash());
  const items = cart ? (await cartPositions(db, ente.id, cart.id)).filter((p) => p.status === 'valid') : [];
  const total = items.reduce((sum, p) => sum + p.amountCents, 0);

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', href: '/' }, { label: 'Carrello' }]} />
      <div className="container-page max-w-3xl py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">Carrello</h1>
        <p className="mt-2 text-lg text-muted">
          Puoi pagare insieme fino a {MAX_CART_NOTICES} avvisi di {ente.name}, con una sola operazione.
        </p>
        {items.length === 0 ? (
          <p className="mt-8 text-lg">
            Il carrello è vuoto.{' '}
            <a href="/paga-avviso" className="font-semibold">
              Cerca un avviso da pagare
            </a>
            .
          </p>
        ) : (
          <>
            <ul className="mt-6 divide-y divide-line rounded border border-line">
              {items.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
                  <div className="min-w-0 flex-1">
                    <p className="font-semibold">{p.causale}</p>
                    <p className="font-mono text-sm text-muted">{formatNoticeNumber(p.noticeNumber)}</p>
                  </div>
                  <strong className="text-lg">{formatEuro(p.amountCents)}</strong>
                  <RemoveFromCartButton positionId={p.id} label={p.causale} />
                </li>
              ))}
            </ul>
            <p className="mt-4 flex items-baseline justify-between rounded bg-surface px-4 py-3 text-lg">
              <span>
                Totale ({items.length} {items.length === 1 ? 'avviso' : 'avvisi'})
              </span>
              <strong className="text-2xl">{formatEuro(total)}</strong>
            </p>
            <div className="mt-6">
              <PayCartButton label={`Paga ${formatEuro(total)}`} />
            </div>
          </>
        )}
      </div>
    </>
  );
}
