import type { Ente } from '@/db/schema';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import type { ProviderIdentity } from '@/lib/provider/current';
import { CONSERVAZIONE_MANUAL_PATH } from '@/lib/tenancy/routing';

type FooterEnte = Pick<Ente, 'name' | 'fiscalCode' | 'address' | 'email' | 'pec' | 'phone' | 'website' | 'officeHours'>;

export function SiteFooter({
  ente,
  provider,
  provinciaHref,
  locale = 'it',
}: {
  ente?: FooterEnte;
  provider: ProviderIdentity;
  provinciaHref: string;
  locale?: Locale;
}) {
  const t = translate(locale, 'Footer');
  return (
    <footer className="mt-16 bg-primary-darker text-white">
      <div className="container-page grid gap-8 py-10 sm:grid-cols-2">
        {ente ? (
          <section aria-labelledby="footer-ente">
            <h2 id="footer-ente" className="text-lg font-bold">
              {ente.name}
            </h2>
            <dl className="mt-3 space-y-1 text-sm">
              {ente.address && <FooterItem label={t('address')} value={ente.address} />}
              <FooterItem label={t('fiscalCode')} value={ente.fiscalCode} />
              {ente.phone && <FooterItem label={t('phone')} value={ente.phone} />}
              {ente.email && <FooterItem label={t('email')} value={ente.email} href={`mailto:${ente.email}`} />}
              {ente.pec && <FooterItem label={t('pec')} value={ente.pec} href={`mailto:${ente.pec}`} />}
              {ente.officeHours && <FooterItem label={t('hours')} value={ente.officeHours} />}
            </dl>
            <p className="mt-3 text-sm">
              <a href={localizedPath(locale, CONSERVAZIONE_MANUAL_PATH)} className="font-semibold text-white underline">
                {t('conservationManual')}
              </a>
            </p>
          </section>
        ) : (
          <section aria-labelledby="footer-cit">
            <h2 id="footer-cit" className="text-lg font-bold">
              {provider.serviceCentreName}
            </h2>
            {provider.configured && <p className="mt-3 text-sm">{t('providerSupport', { provider: provider.name })}</p>}
            <dl className="mt-3 space-y-1 text-sm">
              {provider.phone && <FooterItem label={t('phone')} value={provider.phone} />}
              {provider.email && <FooterItem label={t('email')} value={provider.email} href={`mailto:${provider.email}`} />}
              {provider.officeHours && <FooterItem label={t('hours')} value={provider.officeHours} />}
            </dl>
            <p className="mt-3 text-sm">
              <a href={new URL('/domande', provinciaHref).toString()} className="font-semibold text-white underline">
                {t('questions')}
              </a>
            </p>
          </section>
        )}
        <section aria-labelledby="footer-pagopa" className="text-sm">
          <h2 id="footer-pagopa" className="text-lg font-bold">
            {t('pagopaTitle')}
          </h2>
          <p className="mt-3">{t('pagopaText')}</p>
          <p className="mt-3">
            <a href={provinciaHref} className="font-semibold text-white underline">
              {t('allEnti')}
            </a>
          </p>
          {provider.privacyUrl && (
            <p className="mt-3">
              <a href={provider.privacyUrl} className="font-semibold text-white underline">
                {t('privacy')}
              </a>
            </p>
          )}
        </section>
      </div>
    </footer>
  );
}

function FooterItem({ label, value, href }: { label: string; value: string; href?: string }) {
  return (
    <div className="flex flex-wrap gap-x-2">
      <dt className="font-semibold">{label}:</dt>
      <dd>
        {href ? (
          <a href={href} className="text-white underline">
            {value}
          </a>
        ) : (
          value
        )}
      </dd>
    </div>
  );
}
