import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Document } from '@/app/_components/document';
import { EnteShell } from '@/app/_components/ente-shell';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { VisitorCorner } from '@/app/_components/visitor-corner';
import { isLocale } from '@/lib/i18n/locales';
import { pageLocale } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { findSiteEnte } from '@/lib/tenancy/public-site';

type Params = Promise<{ slug: string; lingua: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, lingua } = await params;
  const ente = await findSiteEnte(slug);
  if (!ente || !isLocale(lingua)) return { title: 'Ente non trovato' };
  const t = translate(lingua, 'Site');
  return {
    // Absolute: the root layout's template is Italian.
    title: { absolute: `${t('title', { ente: ente.name })} | ${t('portal')}`, template: `%s | ${ente.name}` },
    description: t('description'),
  };
}

/**
 * The citizen's pages of an Ente's site, in the language of the URL's segment (the middleware puts `it` or `en`
 * there from the address's prefix). The cached pages included: it reads nothing of the request. The visitor's
 * cart and name come to the header's corner after load (VisitorCorner); each page rendered per request checks
 * the Host and the session itself.
 */
export default async function CitizenLayout({ children, params }: { children: React.ReactNode; params: Params }) {
  const { slug, lingua } = await params;
  const locale = pageLocale(lingua);
  const ente = await findSiteEnte(slug);
  if (!ente) notFound();
  return (
    <Document locale={locale}>
      <EnteShell
        ente={ente}
        locale={locale}
        actions={<VisitorCorner withCart locale={locale} />}
        languageSwitch={<LanguageSwitch locale={locale} />}
      >
        {children}
      </EnteShell>
    </Document>
  );
}
