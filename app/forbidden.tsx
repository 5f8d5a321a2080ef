import { ShieldX } from 'lucide-react';

/** HTTP 403: logged in, but without a role for this Ente or area. */
export default function Forbidden() {
  return (
    <div className="container-page py-16 text-center">
      <ShieldX aria-hidden="true" size={56} className="mx-auto text-danger" />
      <h1 className="mt-4 text-3xl font-bold sm:text-4xl">Accesso non consentito</h1>
      <p className="mx-auto mt-4 max-w-xl text-lg text-muted">
        Il tuo utente non ha un ruolo in quest&apos;area. Se pensi di doverlo avere, chiedi all&apos;amministratore del tuo Ente o al CIT.
      </p>
      <a href="/" className="btn-primary mt-8">
        Vai alla pagina iniziale
      </a>
    </div>
  );
}
