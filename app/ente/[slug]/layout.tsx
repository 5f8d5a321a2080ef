import type { Metadata } from 'next';
import { ShoppingCart } from 'lucide-react';
import { getDb } from '@/db';
import { currentBrowserKeyHash } from '@/lib/payments/browser-key';
import { cartSize } from '@/lib/payments/cart';
import { EnteShell } from '@/app/_components/ente-shell';
import { SiteAccount } from '@/app/_components/site-account';
import { findBackOfficeEnte, requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const ente = await findBackOfficeEnte((await params).slug);
  if (!ente) return { title: 'Ente non trovato' };
  return { title: { default: `Pagamenti - ${ente.name}`, template: `%s | ${ente.name}` } };
}

export default async function EnteLayout({ children, params }: { children: React.ReactNode; params: Params }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const browserKeyHash = await currentBrowserKeyHash();
  const inCart = browserKeyHash ? await cartSize(await getDb(), ente.id, browserKeyHash) : 0;
  return (
    <EnteShell
      ente={ente}
      actions={
        <div className="flex items-center gap-3 sm:gap-5">
          <nav aria-label="Pagamenti" className="flex items-center gap-3 sm:gap-5">
            <a href="/paga-avviso" className="font-semibold text-white no-underline hover:underline">
              Paga un avviso
            </a>
            <a href="/carrello" className="flex items-center gap-1 font-semibold text-white no-underline hover:underline">
              <ShoppingCart aria-hidden="true" size={18} />
              Carrello{inCart > 0 ? ` (${inCart})` : ''}
            </a>
          </nav>
          <SiteAccount />
        </div>
      }
    >
      {children}
    </EnteShell>
  );
}

// Every page depends on the Host and the database: never prerendered at build time.
export const dynamic = 'force-dynamic';
