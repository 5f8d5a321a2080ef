import { Document } from '@/app/_components/document';
import { StandaloneShell } from '@/app/_components/standalone-shell';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export default async function ProvinciaLayout({ children }: { children: React.ReactNode }) {
  await requireProvinciaHost();
  return (
    <Document locale="it">
      <StandaloneShell>{children}</StandaloneShell>
    </Document>
  );
}

// Every page depends on the Host and the database: never prerendered at build time.
export const dynamic = 'force-dynamic';
