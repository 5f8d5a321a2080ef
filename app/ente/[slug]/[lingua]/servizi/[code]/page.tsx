import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CreditCard, Info, UserCheck } from 'lucide-react';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { cachedActiveService } from '@/lib/cache/page-data';
import { describeAmount } from '@/lib/catalogue/amount-text';
import { enteTextLang, localizedPath } from '@/lib/i18n/locales';
import { pageLocale } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { findSiteEnte, requireServingEnte } from '@/lib/tenancy/public-site';
import { PaymentForm } from './payment-form';

type Params = Promise<{ slug: string; lingua: string; code: string }>;

/* Cached like the Ente's home (see app/ente/[slug]/[lingua]/page.tsx): one render per service until its tags change. */
export const dynamic = 'force-static';

export function generateStaticParams(): { code: string }[] {
  return [];
}

async function loadService(params: Params) {
  const { slug, code } = await params;
  const ente = await requireServingEnte(slug);
  const service = await cachedActiveService(ente.id, code);
  if (!service) notFound();
  return { ente, service };
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, lingua, code } = await params;
  const ente = await findSiteEnte(slug);
  const service = ente ? await cachedActiveService(ente.id, code) : undefined;
  return service ? { title: service.title, description: service.summary } : { title: translate(pageLocale(lingua), 'NotFound')('title') };
}

export default async function ServicePage({ params }: { params: Params }) {
  const { service } = await loadService(params);
  const locale = pageLocale((await params).lingua);
  const t = translate(locale, 'Service');
  const amount = describeAmount(service.amountRule, locale);
  const home = localizedPath(locale, '/');
  const lang = enteTextLang(locale);

  return (
    <>
      <Breadcrumbs
        locale={locale}
        items={[{ label: t('home'), href: home }, { label: service.category, href: home }, { label: service.title }]}
      />
      <div className="container-page grid gap-10 py-6 lg:grid-cols-[1fr_20rem]">
        <article>
          <p lang={lang} className="text-sm font-semibold tracking-wide text-muted uppercase">
            {service.category}
          </p>
          <h1 lang={lang} className="mt-1 text-3xl font-bold sm:text-4xl">
            {service.title}
          </h1>
          <p lang={lang} className="mt-3 text-xl text-muted">
            {service.summary}
          </p>

          <section aria-labelledby="descrizione" className="mt-8">
            <h2 id="descrizione" className="flex items-center gap-2 text-2xl font-bold">
              <Info aria-hidden="true" className="text-primary" /> {t('description')}
            </h2>
            <p lang={lang} className="mt-3 max-w-prose text-lg leading-relaxed">
              {service.description}
            </p>
          </section>

          {service.payerInfo && (
            <section aria-labelledby="chi-paga" className="mt-8">
              <h2 id="chi-paga" className="flex items-center gap-2 text-2xl font-bold">
                <UserCheck aria-hidden="true" className="text-primary" /> {t('whoPays')}
              </h2>
              <p lang={lang} className="mt-3 max-w-prose text-lg">
                {service.payerInfo}
              </p>
              {service.allowAnonymous && <p className="mt-2 max-w-prose text-muted">{t('anonymous')}</p>}
            </section>
          )}

          {service.formDefinition.length > 0 && (
            <section aria-labelledby="cosa-serve" className="mt-8">
              <h2 id="cosa-serve" className="text-2xl font-bold">
                {t('whatYouNeed')}
              </h2>
              <ul className="mt-3 list-disc space-y-1 pl-6 text-lg">
                <li>{t('payerFiscalCode')}</li>
                {service.formDefinition.map((field) => (
                  <li key={field.name}>
                    {t.rich(field.required ? 'neededField' : 'optionalField', {
                      label: field.label.charAt(0).toLowerCase() + field.label.slice(1),
                      field: (chunks) => <span lang={lang}>{chunks}</span>,
                    })}
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section id="paga" aria-labelledby="paga-online" className="mt-10 rounded border border-line p-5 shadow-sm sm:p-6">
            <h2 id="paga-online" className="flex items-center gap-2 text-2xl font-bold">
              <CreditCard aria-hidden="true" className="text-primary" /> {t('payOnline')}
            </h2>
            <PaymentForm
              code={service.code}
              formDefinition={service.formDefinition}
              amountRule={service.amountRule}
              allowAnonymous={service.allowAnonymous}
              locale={locale}
            />
          </section>
        </article>

        <aside aria-label={t('summary')} className="h-fit rounded border border-line bg-surface p-5 lg:sticky lg:top-4">
          <h2 className="text-sm font-semibold tracking-wide text-muted uppercase">{t('amount')}</h2>
          <p className="mt-1 text-2xl font-bold">{amount.headline}</p>
          <p className="text-muted">{amount.detail}</p>
          <dl className="mt-5 space-y-3 border-t border-line pt-4 text-sm">
            <div>
              <dt className="font-semibold">{t('taxonomyCode')}</dt>
              <dd className="font-mono">{service.taxonomyCode}</dd>
            </div>
            <div>
              <dt className="font-semibold">{t('serviceCode')}</dt>
              <dd className="font-mono">{service.code}</dd>
            </div>
          </dl>
        </aside>
      </div>
    </>
  );
}
