'use client';

import { useState } from 'react';
import { FormAlert } from '@/app/_components/form-alert';
import { importUploadSchema } from '@/lib/imports/upload-schema';

const UPLOAD_URL = '/admin/importazioni/carica';

/**
 * A plain multipart form to the upload route, which answers with the import's page where its progress
 * shows. With JavaScript the chosen CSV is first checked with the server's own rules, and the server's
 * refusals are shown here instead of replacing the page.
 */
export function UploadForm({ refusal }: { refusal?: string }) {
  // `refusal`: the upload route's answer to a form posted without JavaScript.
  const [message, setMessage] = useState<string | undefined>(refusal);
  const [pending, setPending] = useState(false);

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const checked = importUploadSchema.safeParse(
      file instanceof File ? { nome: file.name, dimensione: file.size } : { nome: '', dimensione: 0 },
    );
    if (!checked.success) {
      setMessage(checked.error.issues[0]?.message);
      return;
    }
    setMessage(undefined);
    setPending(true);
    fetch(UPLOAD_URL, { method: 'POST', body: form })
      .then(async (response) => {
        // Success is a redirect to the import's page (or, with an expired session, to the login).
        if (response.redirected) return window.location.assign(response.url);
        const answer = (await response.json().catch(() => ({}))) as { title?: string };
        setMessage(answer.title ?? 'Caricamento non riuscito: riprova.');
        setPending(false);
      })
      .catch(() => {
        setMessage('Connessione non riuscita: controlla la rete e riprova.');
        setPending(false);
      });
  };

  return (
    <form action={UPLOAD_URL} method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
      <div>
        <label htmlFor="file" className="block font-semibold">
          File CSV delle posizioni
        </label>
        <p id="file-help" className="text-sm text-muted">
          Al massimo 20 MB, nel formato descritto sotto.
        </p>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="file-help"
          className="mt-2 block min-h-11 w-full max-w-xl rounded border border-line p-2"
        />
      </div>
      <FormAlert message={message} />
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Caricamento in corso…' : 'Carica e importa'}
      </button>
    </form>
  );
}
