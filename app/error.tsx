'use client';

import { ErrorMessage } from './_components/error-message';

/** Above every site's layout (which renders the <html>, see Document): it renders its own, like global-error. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
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
