import type { Metadata } from 'next';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { cachedPublishedConservazione } from '@/lib/cache/page-data';
import { CONSERVATORE_LABELS } from '@/lib/conservazione/labels';
import { publishedMetadata, yearsText } from '@/lib/conservazione/manual';
import { DAILY_RUN_TIME } from '@/lib/conservazione/schedule';
import { enteTextLang, localizedPath } from '@/lib/i18n/locales';
import { pageLocale } from '@/lib/i18n/page-locale';
import { translate } from '@/lib/i18n/translate';
import { currentProvider } from '@/lib/provider/current';
import { requireServingEnte } from '@/lib/tenancy/public-site';

/* Cached like the Ente's home (see app/ente/[slug]/[lingua]/page.tsx): one render until the Ente or its conservazione settings change. */
export const dynamic = 'force-static';

export function generateStaticParams(): { slug: string; lingua: string }[] {
  return [];
}

export async function generateMetadata({ params }: { params: Promise<{ lingua: string }> }): Promise<Metadata> {
  const locale = pageLocale((await params).lingua);
  return {
    title: translate(locale, 'ConservationManual')('title'),
    description: 'Come sono conservate a norma le ricevute dei pagamenti pagoPA: conservatore, documenti, metadati, formati e tempi.',
  };
}

const FORMATS: [format: string, what: string][] = [
  ['XML', 'La ricevuta telematica (RT) come l’ha inviata pagoPA, nel formato ctReceiptV2 descritto dallo schema XSD di pagoPA.'],
  ['JSON', 'La ricevuta come l’ha inviata il partner tecnologico, quando non la fornisce in XML.'],
  ['PDF/A-2b', 'La ricevuta di pagamento leggibile, con i caratteri incorporati: è l’allegato della ricevuta.'],
];

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-10">
      <h2 id={id} className="text-2xl font-bold">
        {title}
      </h2>
      <div className="mt-3 max-w-prose space-y-3 text-lg">{children}</div>
    </section>
  );
}

/**
 * The Ente's «manuale di conservazione» data that the guidelines ask to publish (document types, metadata,
 * versamento timing, formats, retention, who is responsible), generated from its configuration.
 */
export default async function ConservazioneManualPage({ params }: { params: Promise<{ slug: string; lingua: string }> }) {
  const { slug, lingua } = await params;
  const locale = pageLocale(lingua);
  const t = translate(locale, 'ConservationManual');
  const ente = await requireServingEnte(slug);
  const [published, provider] = await Promise.all([cachedPublishedConservazione(ente.id), currentProvider()]);
  const settings = published.settings;
  const active = published.enabled && published.conservatore !== 'none' && settings !== null;

  return (
    <>
      <Breadcrumbs locale={locale} items={[{ label: t('home'), href: localizedPath(locale, '/') }, { label: t('title') }]} />
      {locale !== 'it' && (
        <div className="container-page pt-6">
          <p className="max-w-prose text-lg">{t('inItalian')}</p>
        </div>
      )}
      {/* A document of Italian administrative law: in Italian on every site's language (marked, for screen readers). */}
      <article lang={enteTextLang(locale)} className="container-page py-6">
        <h1 className="text-3xl font-bold sm:text-4xl">Manuale di conservazione delle ricevute</h1>
        <p className="mt-3 max-w-prose text-xl text-muted">
          Come {ente.name} conserva a norma le ricevute dei pagamenti pagoPA, secondo le Linee guida AgID sulla formazione, gestione e
          conservazione dei documenti informatici.
        </p>
        {!active && (
          <p className="mt-6 max-w-prose rounded border-l-4 border-primary bg-primary-light px-4 py-3 text-lg">
            La conservazione a norma delle ricevute non è ancora attiva. Le ricevute sono custodite dal portale, immodificabili, in una
            catena di impronte verificabile, e saranno versate al conservatore quando l’Ente lo avrà scelto.
          </p>
        )}

        <Section id="responsabili" title="Chi è responsabile">
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
            <dt className="font-semibold">Titolare dei documenti</dt>
            <dd>
              {ente.name} (codice fiscale {ente.fiscalCode}, codice IPA {ente.ipaCode})
            </dd>
            <dt className="font-semibold">Responsabile della conservazione</dt>
            <dd>
              Una persona nominata da {ente.name}: il ruolo resta interno all’Ente anche quando la conservazione è affidata a un
              conservatore{ente.pec ? `. Si contatta alla PEC ${ente.pec}` : ente.email ? `. Si contatta all’indirizzo ${ente.email}` : ''}.
            </dd>
            <dt className="font-semibold">Conservatore</dt>
            <dd>{active ? CONSERVATORE_LABELS[published.conservatore] : 'Non ancora scelto'}</dd>
            <dt className="font-semibold">Chi prepara i pacchetti di versamento</dt>
            <dd>Il portale dei pagamenti, gestito da {provider.name} per conto dell’Ente.</dd>
          </dl>
        </Section>

        <Section id="documenti" title="Documenti conservati">
          <p>
            Tipologia documentale: <strong>{settings?.tipologiaDocumentale ?? 'Ricevuta di pagamento pagoPA'}</strong>. Ogni unità
            documentaria è una ricevuta di pagamento e contiene:
          </p>
          <ul className="list-disc space-y-1 pl-6">
            <li>come documento principale, la ricevuta telematica così come è arrivata da pagoPA, byte per byte;</li>
            <li>come allegato, la ricevuta di pagamento in PDF.</li>
          </ul>
          <p>
            Sono conservate tutte le ricevute che provano un incasso, anche quelle di un avviso pagato due volte o sconosciuto all’Ente.
          </p>
        </Section>

        <Section id="formati" title="Formati">
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
            {FORMATS.map(([format, what]) => (
              <div key={format} className="contents">
                <dt className="font-semibold">{format}</dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </Section>

        <Section id="versamento" title="Tempi e modalità di versamento">
          <p>
            Ogni giorno, dalle {DAILY_RUN_TIME}, il portale prepara le ricevute registrate fino a quel momento e non ancora versate,
            nell’ordine in cui sono arrivate.
          </p>
          {published.conservatore === 'parer' ? (
            <p>
              Ogni ricevuta è un pacchetto di versamento inviato al servizio VersamentoSync di ParER, con i file e i metadati descritti qui.
              Il rapporto di versamento emesso dal conservatore è conservato così com’è, con la sua impronta SHA-256. Una ricevuta rifiutata
              viene inviata di nuovo dopo averne corretto la causa.
            </p>
          ) : (
            <p>
              Le ricevute di ogni giorno formano un pacchetto ZIP con i file, i metadati di ciascuna ricevuta e un indice UNI SInCRO 2.0
              (UNI 11386) con l’impronta SHA-256 di ogni file. L’Ente lo consegna al proprio conservatore; il portale registra l’impronta di
              ogni pacchetto.
            </p>
          )}
        </Section>

        {settings && (
          <section aria-labelledby="metadati" className="mt-10">
            <h2 id="metadati" className="text-2xl font-bold">
              Metadati
            </h2>
            <p className="mt-3 max-w-prose text-lg">
              I metadati dell’Allegato 5 alle Linee guida che accompagnano ogni ricevuta, con il valore che l’Ente assegna.
            </p>
            <div className="mt-4 overflow-x-auto" role="region" aria-labelledby="metadati" tabIndex={0}>
              <table className="w-full min-w-[40rem] border-collapse text-left">
                <caption className="sr-only">Metadati di ogni ricevuta</caption>
                <thead>
                  <tr className="border-b-2 border-line">
                    <th scope="col" className="p-2">
                      Metadato
                    </th>
                    <th scope="col" className="p-2">
                      Valore
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {publishedMetadata(settings).map((row) => (
                    <tr key={row.element} className="border-b border-line align-top">
                      <th scope="row" className="p-2 font-normal">
                        <span className="block font-semibold">{row.meaning}</span>
                        <span className="font-mono text-sm">{row.element}</span>
                      </th>
                      <td className="p-2 break-words">{row.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}

        <Section id="tempi" title="Tempi di conservazione e scarto">
          <p>
            {settings
              ? `Le ricevute sono conservate per ${yearsText(settings.retentionYears)} dalla registrazione.`
              : 'Il tempo di conservazione sarà indicato quando l’Ente avrà scelto il conservatore.'}{' '}
            Alla scadenza, lo scarto segue il piano di conservazione dell’Ente e richiede l’autorizzazione della Soprintendenza
            archivistica.
          </p>
        </Section>
      </article>
    </>
  );
}
