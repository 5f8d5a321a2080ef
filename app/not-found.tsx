import { connection } from 'next/server';
import { NotFoundMessage } from './_components/not-found-message';
import { StandaloneShell } from './_components/standalone-shell';

/** Unmatched paths on any host. Rendered per request: its links depend on the runtime base domain. */
export default async function NotFound() {
  await connection();
  return (
    <StandaloneShell>
      <NotFoundMessage title="Pagina non trovata" homeHref="/" homeLabel="Vai alla pagina iniziale">
        <p>L&apos;indirizzo che hai aperto non esiste o non è più disponibile. Controlla di averlo scritto correttamente.</p>
      </NotFoundMessage>
    </StandaloneShell>
  );
}
