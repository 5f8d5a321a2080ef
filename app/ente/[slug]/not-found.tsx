import { NotFoundMessage } from '@/app/_components/not-found-message';

export default function EntePageNotFound() {
  return (
    <NotFoundMessage title="Pagina non trovata" homeHref="/" homeLabel="Torna ai servizi">
      <p>L&apos;indirizzo che hai aperto non corrisponde a nessuna pagina o servizio attivo di questo Ente.</p>
    </NotFoundMessage>
  );
}
