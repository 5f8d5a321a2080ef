'use client';

import { useState, useTransition } from 'react';
import { FormAlert } from '@/app/_components/form-alert';
import { uploadImport } from '@/lib/imports/actions';
import { importUploadSchema } from '@/lib/imports/upload-schema';

/** Checks the chosen CSV with the server's own rules, sends it, and opens the import's page where its progress shows. */
export function UploadForm() {
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();

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
    startTransition(async () => {
      const result = await uploadImport(form);
      if (result.ok) window.location.assign(`/admin/importazioni/${result.data.id}`);
      else setMessage(result.fieldErrors?.file ?? result.error);
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
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
