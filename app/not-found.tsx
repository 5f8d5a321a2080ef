import { headers } from 'next/headers';
import { connection } from 'next/server';
import { EntePageNotFound, ServiceNotFound } from './_components/ente-not-found-messages';
import { EnteShell } from './_components/ente-shell';
import { NotFoundMessage } from './_components/not-found-message';
import { StandaloneShell } from './_components/standalone-shell';
import { UnknownEnte } from './_components/unknown-ente';
import { findRequestEnte } from '@/lib/tenancy/current-ente';
import { requestTarget } from '@/lib/tenancy/current-site';
import { NOT_FOUND_REASON_HEADER } from '@/lib/tenancy/routing';

/**
 * Every address with no route, on any host, and every one the middleware found to name no Ente or no
 * service (it tells which in a request header, see lib/tenancy/site-existence.ts). Rendered per request:
 * the message and the links depend on the Host.
 */
export default async function NotFound() {
  await connection();
  const requestHeaders = await headers();
  const reason = requestHeaders.get(NOT_FOUND_REASON_HEADER);
  const target = await requestTarget();
  if (target.kind !== 'ente') {
    return (
      <StandaloneShell withAccount={target.kind === 'provincia'}>
        <NotFoundMessage title="Pagina non trovata" homeHref="/" homeLabel="Vai alla pagina iniziale">
          <p>L&apos;indirizzo che hai aperto non esiste o non è più disponibile. Controlla di averlo scritto correttamente.</p>
        </NotFoundMessage>
      </StandaloneShell>
    );
  }
  const ente = reason === 'ente' ? undefined : await findRequestEnte(target.slug);
  if (!ente) return <UnknownEnte host={requestHeaders.get('host') ?? ''} />;
  return <EnteShell ente={ente}>{reason === 'servizio' ? <ServiceNotFound enteName={ente.name} /> : <EntePageNotFound />}</EnteShell>;
}
