import type { Metadata } from 'next';
import { ArrowRight } from 'lucide-react';
import type { Ente } from '@/db/schema';
import { Document } from '@/app/_components/document';
import { EnteEmblem } from '@/app/_components/emblem';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { StandaloneShell } from '@/app/_components/standalone-shell';
import { cachedActiveEnti } from '@/lib/cache/page-data';
import type { ActiveEnteSummary } from '@/lib/enti/queries';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { pageLocale } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { enteLogoSrc } from '@/lib/settings/logo-url';
import { currentProvider, type ProviderIdentity } from '@/lib/provider/current';
import { enteUrl } from '@/lib/tenancy/current-ente';

const KINDS: Ente['kind'][] = ['comune', 'unione', 'comunita_montana', 'altro'];

/*
 * The provincial home, cached like the Ente pages (see PROVINCIA_HOME_PATH in lib/tenancy/routing.ts for why it
 * lives here): the middleware rewrites the base domain's `/` to /vetrina/provincia/it (`/en` to …/en), and
 * nothing else reaches it. It renders its own <html>: it has no site layout above it.
 */
export const dynamic = 'force-static';

export function generateStaticParams(): { lingua: string }[] {
  return [];
}

export async function generateMetadata({ params }: { params: Promise<{ lingua: string }> }): Promise<Metadata> {
  const t = translate(pageLocale((await params).lingua), 'Provincia');
  return { title: { absolute: t('title') }, description: t('description') };
}

export default async function ProvinciaHome({ params }: { params: Promise<{ lingua: string }> }) {
  const locale = pageLocale((await params).lingua);
  const [enti, provider] = await Promise.all([cachedActiveEnti(), currentProvider()]);
  return (
    <Document locale={locale}>
      <StandaloneShell locale={locale} languageSwitch={<LanguageSwitch locale={locale} />}>
        {enti.length === 0 ? (
          <BeingSetUp provider={provider} locale={locale} />
        ) : (
          <Directory enti={enti} provider={provider} locale={locale} />
        )}
      </StandaloneShell>
    </Document>
  );
}

function Directory({ enti, provider, locale }: { enti: ActiveEnteSummary[]; provider: ProviderIdentity; locale: Locale }) {
  const t = translate(locale, 'Provincia');
  const steps = [
    [t('step1Title'), t('step1')],
    [t('step2Title'), t('step2')],
    [t('step3Title'), t('step3')],
  ];
  return (
    <>
      <section className="bg-surface" aria-labelledby="titolo-pagina">
        <div className="container-page py-10 sm:py-14">
          <h1 id="titolo-pagina" className="max-w-3xl text-3xl font-bold sm:text-4xl">
            {t('heading')}
          </h1>
          <p className="mt-3 max-w-2xl text-lg text-muted">
            {t('intro')}
            {provider.configured && ` ${t('offeredBy', { provider: provider.name })}`}
          </p>
          <ol className="mt-8 grid gap-4 sm:grid-cols-3">
            {steps.map(([title, text], index) => (
              <li key={title} className="rounded border border-line bg-white p-5">
                <span aria-hidden="true" className="flex size-9 items-center justify-center rounded-full bg-primary font-bold text-white">
                  {index + 1}
                </span>
                <h2 className="mt-3 text-lg font-bold">{title}</h2>
                <p className="mt-1 text-muted">{text}</p>
              </li>
            ))}
          </ol>
        </div>
      </section>

      <div className="container-page py-10">
        <h2 className="text-2xl font-bold sm:text-3xl">{t('enti')}</h2>
        {KINDS.map((kind) => {
          const list = enti.filter((e) => e.kind === kind);
          if (list.length === 0) return null;
          return (
            <section key={kind} aria-labelledby={`tipo-${kind}`} className="mt-8">
              <h3 id={`tipo-${kind}`} className="mb-4 border-b border-line pb-2 text-xl font-bold">
                {t(`kinds.${kind}`)}
              </h3>
              <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {list.map((ente) => (
                  <EnteCard key={ente.slug} ente={ente} locale={locale} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>

      <section aria-labelledby="domande" className="container-page pb-4">
        <div className="rounded border border-line bg-surface p-6">
          <h2 id="domande" className="text-2xl font-bold">
            {t('questionsTitle')}
          </h2>
          <p className="mt-2 max-w-2xl text-lg">{t('questions')}</p>
          <p className="mt-4">
            <a href="/domande" className="btn-primary">
              {t('ask')}
            </a>
          </p>
        </div>
      </section>
    </>
  );
}

function EnteCard({ ente, locale }: { ente: ActiveEnteSummary; locale: Locale }) {
  return (
    <li>
      <a
        href={enteUrl(ente.slug, localizedPath(locale, '/'))}
        className="group flex h-full items-center gap-4 rounded border border-line bg-white p-4 text-ink no-underline shadow-sm transition hover:border-primary hover:shadow-md"
      >
        <EnteEmblem name={ente.name} logoUrl={enteLogoSrc(ente, enteUrl(ente.slug, ''))} color={ente.primaryColor} size={44} />
        <span className="min-w-0 flex-1">
          <span className="block text-lg font-bold text-primary group-hover:underline">{ente.name}</span>
          {ente.parentName && <span className="block text-sm text-muted">{ente.parentName}</span>}
          <span className="block text-sm text-muted">{translate(locale, 'Provincia')('serviceCount', { count: ente.serviceCount })}</span>
        </span>
        <ArrowRight aria-hidden="true" className="shrink-0 text-primary" size={20} />
      </a>
    </li>
  );
}

/** No Ente active yet (a new installation): say so, and who can help. */
function BeingSetUp({ provider, locale }: { provider: ProviderIdentity; locale: Locale }) {
  const t = translate(locale, 'Provincia');
  return (
    <div className="container-page py-16">
      <h1 className="max-w-3xl text-3xl font-bold sm:text-4xl">{t('setUpTitle')}</h1>
      <p className="mt-4 max-w-2xl text-lg text-muted">
        {provider.configured ? t('setUpBy', { provider: provider.name }) : t('notConfigured')}: {t('setUp')}
      </p>
      <p className="mt-4 max-w-2xl text-lg">
        {provider.configured ? (
          <Contact provider={provider} locale={locale} />
        ) : (
          t.rich('setUpAdmin', { code: (chunks) => <code>{chunks}</code> })
        )}
      </p>
    </div>
  );
}

function Contact({ provider, locale }: { provider: ProviderIdentity; locale: Locale }) {
  if (!provider.email && !provider.phone) return null;
  const t = translate(locale, 'Provincia');
  return (
    <>
      {t('contact', { centre: provider.serviceCentreName, provider: provider.name })}
      {provider.phone && `, ${t('phone', { phone: provider.phone })}`}
      {provider.email && (
        <>
          , <a href={`mailto:${provider.email}`}>{provider.email}</a>
        </>
      )}
      .
    </>
  );
}
