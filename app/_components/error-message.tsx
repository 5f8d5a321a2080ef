'use client';

import { TriangleAlert } from 'lucide-react';

/** Shown for unexpected server errors (HTTP 500). The digest lets support find the log entry. */
export function ErrorMessage({ digest, reset }: { digest?: string; reset: () => void }) {
  return (
    <div role="alert" className="container-page py-16 text-center">
      <TriangleAlert aria-hidden="true" size={56} className="mx-auto text-danger" />
      <h1 className="mt-4 text-3xl font-bold sm:text-4xl">Si è verificato un errore</h1>
      <p className="mx-auto mt-4 max-w-xl text-lg text-muted">
        Non siamo riusciti a completare la richiesta per un problema tecnico. Nessun pagamento è stato addebitato per questo errore. Riprova
        tra qualche minuto.
      </p>
      {digest && (
        <p className="mt-3 text-sm text-muted">
          Se il problema continua, comunica all&apos;assistenza il codice <span className="font-mono">{digest}</span>.
        </p>
      )}
      <button type="button" onClick={reset} className="btn-primary mt-8">
        Riprova
      </button>
    </div>
  );
}
