import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Document } from '@/app/_components/document';
import { readConfig } from '@/lib/config';

export const metadata: Metadata = { title: 'Sandbox pagoPA - pagamento di prova', robots: { index: false } };

/** The sandbox partner's own pages: deliberately not the portal's look, as a real checkout would not be. */
export default function SandboxLayout({ children }: { children: React.ReactNode }) {
  // The middleware already answers 404 while the sandbox is off; this holds if a route ever bypasses it.
  if (!readConfig().SANDBOX_ENABLED) notFound();
  return (
    <Document locale="it">
      <header className="bg-[#17324d] text-white">
        <div className="container-page flex min-h-14 items-center justify-between gap-3">
          <span className="text-lg font-bold">Sandbox pagoPA</span>
          <span className="rounded bg-[#ffb400] px-2 py-0.5 text-sm font-bold text-[#17324d]">AMBIENTE DI PROVA</span>
        </div>
      </header>
      <main id="contenuto" className="flex-1 bg-surface">
        {children}
      </main>
    </Document>
  );
}
