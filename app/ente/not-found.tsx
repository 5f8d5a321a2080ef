import { headers } from 'next/headers';
import { NotFoundMessage } from '@/app/_components/not-found-message';
import { provinciaUrl } from '@/lib/tenancy/current-ente';
import { StandaloneShell } from '@/app/_components/standalone-shell';

/** Reached when the subdomain names no active Ente. */
export default async function EnteNotFound() {
  const host = (await headers()).get('host') ?? '';
  return (
    <StandaloneShell>
      <NotFoundMessage title="Ente non trovato" homeHref={provinciaUrl()} homeLabel="Vedi gli Enti del portale">
        <p>
          All&apos;indirizzo <strong className="break-all">{host}</strong> non risponde nessun Ente attivo sul portale dei
          pagamenti. Controlla l&apos;indirizzo, oppure cerca il tuo Comune nell&apos;elenco degli Enti aderenti.
        </p>
      </NotFoundMessage>
    </StandaloneShell>
  );
}
