'use client';

import './globals.css';
import { ErrorMessage } from './_components/error-message';

/** Last resort when the root layout itself fails: it must render its own <html>. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="it">
      <body>
        <main id="contenuto">
          <ErrorMessage digest={error.digest} reset={reset} />
        </main>
      </body>
    </html>
  );
}
