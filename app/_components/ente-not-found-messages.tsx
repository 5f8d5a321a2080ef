import { NotFoundMessage } from './not-found-message';

export function EntePageNotFound() {
  return (
    <NotFoundMessage title="Pagina non trovata" homeHref="/" homeLabel="Torna ai servizi">
      <p>L&apos;indirizzo che hai aperto non corrisponde a nessuna pagina o servizio attivo di questo Ente.</p>
    </NotFoundMessage>
  );
}

export function ServiceNotFound({ enteName }: { enteName: string }) {
  return (
    <NotFoundMessage title="Servizio non trovato" homeHref="/" homeLabel="Vedi i servizi pagabili">
      <p>
        {enteName} non ha un servizio pagabile online a questo indirizzo, oppure il servizio non è più attivo. Cercalo nell&apos;elenco dei
        servizi pagabili.
      </p>
    </NotFoundMessage>
  );
}
