import { NotFoundMessage } from './not-found-message';
import { StandaloneShell } from './standalone-shell';
import { provinciaUrl } from '@/lib/tenancy/urls';

/** The 404 of a subdomain that names no active Ente. */
export function UnknownEnte({ host }: { host: string }) {
  return (
    <StandaloneShell withAccount={false}>
      <NotFoundMessage title="Ente non trovato" homeHref={provinciaUrl()} homeLabel="Vedi gli Enti del portale">
        <p>
          All&apos;indirizzo <strong className="break-all">{host}</strong> non risponde nessun Ente attivo sul portale dei pagamenti.
          Controlla l&apos;indirizzo, oppure cerca il tuo Comune nell&apos;elenco degli Enti aderenti.
        </p>
      </NotFoundMessage>
    </StandaloneShell>
  );
}
