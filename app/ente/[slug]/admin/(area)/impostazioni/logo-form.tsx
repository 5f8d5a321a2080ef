'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { LabelledField } from '@/app/_components/labelled-field';
import { deleteEnteLogo, uploadEnteLogo } from '@/lib/settings/actions';
import { StatusMessage } from '@/app/_components/status-message';

/** Upload or remove the logo; the server checks the content whatever the browser let through. */
export function LogoForm({ current, uploaded }: { current: string | null; uploaded: boolean }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();

  const run = (work: () => Promise<{ ok: true } | { ok: false; error: string }>, success: string) =>
    startTransition(async () => {
      setMessage(undefined);
      const result = await work();
      setMessage(result.ok ? { ok: true, text: success } : { ok: false, text: result.error });
      if (result.ok) router.refresh();
    });

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const logo = input.current?.files?.[0];
    if (!logo) {
      setMessage({ ok: false, text: 'Scegli un file PNG o JPEG.' });
      return;
    }
    run(() => uploadEnteLogo({ logo }), 'Logo aggiornato.');
  };

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-2xl space-y-5">
      <StatusMessage message={message} />
      {current ? (
        // eslint-disable-next-line @next/next/no-img-element -- served by the portal itself, already sized
        <img src={current} alt="Logo attuale" className="size-20 object-contain" />
      ) : (
        <p>Nessun logo: il portale mostra le iniziali dell’Ente.</p>
      )}
      <LabelledField id="logo-file" label="Nuovo logo" help="PNG o JPEG, al massimo 200 KB, tra 16 e 2000 pixel per lato.">
        <input
          ref={input}
          id="logo-file"
          type="file"
          accept="image/png,image/jpeg"
          aria-describedby="logo-file-aiuto"
          className="block min-h-12 w-full text-lg"
        />
      </LabelledField>
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
          Carica il logo
        </button>
        {uploaded && (
          <button type="button" disabled={pending} onClick={() => run(() => deleteEnteLogo({}), 'Logo rimosso.')} className="btn-outline">
            Rimuovi il logo
          </button>
        )}
      </div>
    </form>
  );
}
