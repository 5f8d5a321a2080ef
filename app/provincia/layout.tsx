import { headers } from 'next/headers';
import { Document } from '@/app/_components/document';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { StandaloneShell } from '@/app/_components/standalone-shell';
import { isMultilingualRequest, requestLocale } from '@/lib/i18n/request-locale';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export default async function ProvinciaLayout({ children }: { children: React.ReactNode }) {
  await requireProvinciaHost();
  // Rendered per request (never cached): the language comes from the middleware, which reads it from the URL.
  const requestHeaders = await headers();
  const locale = requestLocale(requestHeaders);
  return (
    <Document locale={locale}>
      <StandaloneShell locale={locale} languageSwitch={isMultilingualRequest(requestHeaders) && <LanguageSwitch locale={locale} />}>
        {children}
      </StandaloneShell>
    </Document>
  );
}

// Every page depends on the Host and the database: never prerendered at build time.
export const dynamic = 'force-dynamic';
