import { notFound } from 'next/navigation';
import { ArrowRight } from 'lucide-react';
import type { Ente } from '@/db/schema';
import { EnteEmblem } from '@/app/_components/emblem';
import { StandaloneShell } from '@/app/_components/standalone-shell';
import { cachedActiveEnti } from '@/lib/cache/page-data';
import type { ActiveEnteSummary } from '@/lib/enti/queries';
import { enteLogoSrc } from '@/lib/settings/logo-url';
import { currentProvider, type ProviderIdentity } from '@/lib/provider/current';
import { enteUrl } from '@/lib/tenancy/current-ente';

const KIND_SECTIONS: { kind: Ente['kind']; title: string }[] = [
  { kind: 'comune', title: 'Comuni' },
  { kind: 'unione', title: 'Unioni di Comuni' },
  { kind: 'comunita_montana', title: 'Comunità Montane' },
  { kind: 'altro', title: 'Altri Enti' },
];

/*
 * The provincial home, cached like the Ente pages (see PROVINCIA_HOME_PATH in lib/tenancy/routing.ts for why it
 * lives here): the middleware rewrites the base domain's `/` to /vetrina/provincia, and nothing else reaches it.
 */
export const dynamic = 'force-static';

export function generateStaticParams(): { sito: string }[] {
  return [];
}

export default async function ProvinciaHome({ params }: { params: Promise<{ sito: string }> }) {
  if ((await params).sito !== 'provincia') notFound();
  const [enti, provider] = await Promise.all([cachedActiveEnti(), currentProvider()]);
  return (
    <StandaloneShell>
      {enti.length === 0 ? <BeingSetUp provider={provider} /> : <Directory enti={enti} provider={provider} />}
    </StandaloneShell>
  );
}

function Directory({ enti, provider }: { enti: ActiveEnteSummary[]; provider: ProviderIdentity }) {
  return (
    <>
      <section className="bg-surface" aria-labelledby="titolo-pagina">
        <div className="container-page py-10 sm:py-14">
          <h1 id="titolo-pagina" className="max-w-3xl text-3xl font-bold sm:text-4xl">
            Paga online i servizi del tuo Comune
          </h1>
          <p className="mt-3 max-w-2xl text-lg text-muted">
            Tributi, mensa e trasporto scolastico, certificati, sanzioni: scegli il tuo Ente e paga con pagoPA in modo sicuro.
            {provider.configured && ` Il portale è offerto da ${provider.name} agli Enti del territorio.`}
          </p>
          <ol className="mt-8 grid gap-4 sm:grid-cols-3">
            {[
              ['Scegli il tuo Ente', 'Ogni Ente ha il suo portale con i servizi pagabili online.'],
              ['Compila e paga', 'Inserisci i dati richiesti e paga con carta, conto o app tramite pagoPA.'],
              ['Conserva la ricevuta', 'La ricevuta pagoPA è la prova del pagamento: scaricala e conservala.'],
            ].map(([title, text], index) => (
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
        <h2 className="text-2xl font-bold sm:text-3xl">Enti aderenti</h2>
        {KIND_SECTIONS.map(({ kind, title }) => {
          const list = enti.filter((e) => e.kind === kind);
          if (list.length === 0) return null;
          return (
            <section key={kind} aria-labelledby={`tipo-${kind}`} className="mt-8">
              <h3 id={`tipo-${kind}`} className="mb-4 border-b border-line pb-2 text-xl font-bold">
                {title}
              </h3>
              <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {list.map((ente) => (
                  <EnteCard key={ente.slug} ente={ente} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>

      <section aria-labelledby="domande" className="container-page pb-4">
        <div className="rounded border border-line bg-surface p-6">
          <h2 id="domande" className="text-2xl font-bold">
            Domande?
          </h2>
          <p className="mt-2 max-w-2xl text-lg">
            Il tuo Ente vuole aderire al portale o hai una domanda sul servizio? Scrivi al centro servizi: ti risponderemo per e-mail.
          </p>
          <p className="mt-4">
            <a href="/domande" className="btn-primary">
              Fai una domanda
            </a>
          </p>
        </div>
      </section>
    </>
  );
}

function EnteCard({ ente }: { ente: ActiveEnteSummary }) {
  return (
    <li>
      <a
        href={enteUrl(ente.slug)}
        className="group flex h-full items-center gap-4 rounded border border-line bg-white p-4 text-ink no-underline shadow-sm transition hover:border-primary hover:shadow-md"
      >
        <EnteEmblem name={ente.name} logoUrl={enteLogoSrc(ente, enteUrl(ente.slug, ''))} color={ente.primaryColor} size={44} />
        <span className="min-w-0 flex-1">
          <span className="block text-lg font-bold text-primary group-hover:underline">{ente.name}</span>
          {ente.parentName && <span className="block text-sm text-muted">{ente.parentName}</span>}
          <span className="block text-sm text-muted">
            {ente.serviceCount === 1 ? '1 servizio' : `${ente.serviceCount} servizi`} pagabili online
          </span>
        </span>
        <ArrowRight aria-hidden="true" className="shrink-0 text-primary" size={20} />
      </a>
    </li>
  );
}

/** No Ente active yet (a new installation): say so, and who can help. */
function BeingSetUp({ provider }: { provider: ProviderIdentity }) {
  return (
    <div className="container-page py-16">
      <h1 className="max-w-3xl text-3xl font-bold sm:text-4xl">Il portale dei pagamenti è in preparazione</h1>
      <p className="mt-4 max-w-2xl text-lg text-muted">
        {provider.configured
          ? `${provider.name} sta attivando il portale per gli Enti del territorio`
          : 'Il portale non è ancora configurato'}
        : qui non si possono ancora fare pagamenti. Per pagare un avviso ricevuto usa l&apos;app IO, la tua banca o un punto di pagamento
        pagoPA, oppure il sito dell&apos;Ente che te l&apos;ha inviato.
      </p>
      <p className="mt-4 max-w-2xl text-lg">
        {provider.configured ? (
          <Contact provider={provider} />
        ) : (
          <>
            Se gestisci questo portale, completa l&apos;installazione con <code>npm run setup</code>, come spiega la guida operativa.
          </>
        )}
      </p>
    </div>
  );
}

function Contact({ provider }: { provider: ProviderIdentity }) {
  if (!provider.email && !provider.phone) return null;
  return (
    <>
      Per informazioni: {provider.serviceCentreName} di {provider.name}
      {provider.phone && `, telefono ${provider.phone}`}
      {provider.email && (
        <>
          , <a href={`mailto:${provider.email}`}>{provider.email}</a>
        </>
      )}
      .
    </>
  );
}
