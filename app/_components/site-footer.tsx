import type { Ente } from '@/db/schema';
import type { ProviderIdentity } from '@/lib/provider/current';
import { CONSERVAZIONE_MANUAL_PATH } from '@/lib/tenancy/routing';

type FooterEnte = Pick<Ente, 'name' | 'fiscalCode' | 'address' | 'email' | 'pec' | 'phone' | 'website' | 'officeHours'>;

export function SiteFooter({ ente, provider, provinciaHref }: { ente?: FooterEnte; provider: ProviderIdentity; provinciaHref: string }) {
  return (
    <footer className="mt-16 bg-primary-darker text-white">
      <div className="container-page grid gap-8 py-10 sm:grid-cols-2">
        {ente ? (
          <section aria-labelledby="footer-ente">
            <h2 id="footer-ente" className="text-lg font-bold">
              {ente.name}
            </h2>
            <dl className="mt-3 space-y-1 text-sm">
              {ente.address && <FooterItem label="Sede" value={ente.address} />}
              <FooterItem label="Codice fiscale" value={ente.fiscalCode} />
              {ente.phone && <FooterItem label="Telefono" value={ente.phone} />}
              {ente.email && <FooterItem label="E-mail" value={ente.email} href={`mailto:${ente.email}`} />}
              {ente.pec && <FooterItem label="PEC" value={ente.pec} href={`mailto:${ente.pec}`} />}
              {ente.officeHours && <FooterItem label="Orari" value={ente.officeHours} />}
            </dl>
            <p className="mt-3 text-sm">
              <a href={CONSERVAZIONE_MANUAL_PATH} className="font-semibold text-white underline">
                Manuale di conservazione delle ricevute
              </a>
            </p>
          </section>
        ) : (
          <section aria-labelledby="footer-cit">
            <h2 id="footer-cit" className="text-lg font-bold">
              {provider.serviceCentreName}
            </h2>
            {provider.configured && <p className="mt-3 text-sm">{provider.name} - assistenza agli Enti aderenti</p>}
            <dl className="mt-3 space-y-1 text-sm">
              {provider.phone && <FooterItem label="Telefono" value={provider.phone} />}
              {provider.email && <FooterItem label="E-mail" value={provider.email} href={`mailto:${provider.email}`} />}
              {provider.officeHours && <FooterItem label="Orari" value={provider.officeHours} />}
            </dl>
            <p className="mt-3 text-sm">
              <a href={new URL('/domande', provinciaHref).toString()} className="font-semibold text-white underline">
                Domande? Scrivici
              </a>
            </p>
          </section>
        )}
        <section aria-labelledby="footer-pagopa" className="text-sm">
          <h2 id="footer-pagopa" className="text-lg font-bold">
            Pagamenti sicuri con pagoPA
          </h2>
          <p className="mt-3">
            I pagamenti passano per pagoPA, la piattaforma nazionale dei pagamenti verso la Pubblica Amministrazione: scegli tu banca, carta
            o app. Fa fede solo la ricevuta di pagamento.
          </p>
          <p className="mt-3">
            <a href={provinciaHref} className="font-semibold text-white underline">
              Tutti gli Enti del portale
            </a>
          </p>
          {provider.privacyUrl && (
            <p className="mt-3">
              <a href={provider.privacyUrl} className="font-semibold text-white underline">
                Informativa sulla privacy
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
