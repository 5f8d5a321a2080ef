import type { Ente } from '@/db/schema';

type FooterEnte = Pick<Ente, 'name' | 'fiscalCode' | 'address' | 'email' | 'pec' | 'phone' | 'website' | 'officeHours'>;

export function SiteFooter({ ente, provinciaHref }: { ente?: FooterEnte; provinciaHref: string }) {
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
          </section>
        ) : (
          <section aria-labelledby="footer-cit">
            <h2 id="footer-cit" className="text-lg font-bold">
              Centro Innovazione e Tecnologie
            </h2>
            <p className="mt-3 text-sm">Provincia di Brescia - assistenza agli Enti aderenti</p>
            <p className="mt-1 text-sm">Dal lunedì al giovedì 9-12 e 14-16, venerdì 9-12.30</p>
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
              Tutti gli Enti del portale provinciale
            </a>
          </p>
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
