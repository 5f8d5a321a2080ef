import { NotFoundMessage } from './not-found-message';
import { StandaloneShell } from './standalone-shell';
import { provinciaUrl } from '@/lib/tenancy/urls';

/**
 * The Ente's subdomain while its portal does not serve citizens: not active yet (adhesion in progress, or
 * no partner tecnologico named), or suspended by the CIT. The back office keeps working meanwhile.
 */
export function PortalNotServing({ enteName, suspended }: { enteName: string; suspended: boolean }) {
  return suspended ? (
    <NotFoundMessage title="Servizio sospeso" homeHref={provinciaUrl()} homeLabel="Vedi gli Enti del portale">
      <p>
        I pagamenti online di {enteName} sono temporaneamente sospesi. Per pagare un avviso già ricevuto puoi usare gli altri canali pagoPA
        (banche, uffici postali, app), oppure contattare gli uffici dell&apos;Ente.
      </p>
    </NotFoundMessage>
  ) : (
    <NotFoundMessage title="Portale non ancora attivo" homeHref={provinciaUrl()} homeLabel="Vedi gli Enti del portale">
      <p>
        Il portale dei pagamenti di {enteName} è in fase di attivazione e non è ancora disponibile. Per pagare un avviso già ricevuto puoi
        usare gli altri canali pagoPA (banche, uffici postali, app).
      </p>
    </NotFoundMessage>
  );
}

/** A subdomain whose Ente has left the service (adhesion ceased). */
export function CeasedEnte({ host }: { host: string }) {
  return (
    <StandaloneShell withAccount={false}>
      <NotFoundMessage title="Portale non più attivo" homeHref={provinciaUrl()} homeLabel="Vedi gli Enti del portale">
        <p>
          L&apos;Ente all&apos;indirizzo <strong className="break-all">{host}</strong> non aderisce più al portale dei pagamenti. Per i
          pagamenti rivolgiti direttamente ai suoi uffici.
        </p>
      </NotFoundMessage>
    </StandaloneShell>
  );
}
