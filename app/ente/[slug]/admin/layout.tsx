import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Document } from '@/app/_components/document';
import { EnteShell } from '@/app/_components/ente-shell';
import { VisitorCorner } from '@/app/_components/visitor-corner';
import { findSiteEnte } from '@/lib/tenancy/public-site';

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const ente = await findSiteEnte((await params).slug);
  if (!ente) return { title: 'Ente non trovato' };
  return { title: { default: `Pagamenti - ${ente.name}`, template: `%s | ${ente.name}` } };
}

/** The back office, in Italian only: the Ente's header and footer around every page of it. */
export default async function BackOfficeShellLayout({ children, params }: { children: React.ReactNode; params: Params }) {
  const ente = await findSiteEnte((await params).slug);
  if (!ente) notFound();
  return (
    <Document locale="it">
      <EnteShell ente={ente} locale="it" actions={<VisitorCorner withCart locale="it" />}>
        {children}
      </EnteShell>
    </Document>
  );
}
