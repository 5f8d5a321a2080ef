import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EnteShell } from '@/app/_components/ente-shell';
import { VisitorCorner } from '@/app/_components/visitor-corner';
import { findSiteEnte } from '@/lib/tenancy/public-site';

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const ente = await findSiteEnte((await params).slug);
  if (!ente) return { title: 'Ente non trovato' };
  return { title: { default: `Pagamenti - ${ente.name}`, template: `%s | ${ente.name}` } };
}

/**
 * The Ente's header and footer around every page of its site, the cached ones included: it reads nothing of
 * the request. The visitor's cart and name come to the header's corner after load (VisitorCorner); each page
 * rendered per request checks the Host and the session itself.
 */
export default async function EnteLayout({ children, params }: { children: React.ReactNode; params: Params }) {
  const ente = await findSiteEnte((await params).slug);
  if (!ente) notFound();
  return (
    <EnteShell ente={ente} actions={<VisitorCorner withCart />}>
      {children}
    </EnteShell>
  );
}
