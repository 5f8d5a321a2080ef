import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { readConfig } from '@/lib/config';
import { listDevMail } from '@/lib/dev/mail-store';
import { formatDateTime } from '@/lib/format/date';

export const metadata: Metadata = { title: 'Posta di sviluppo', robots: { index: false } };

/**
 * The development mailbox of `npm run dev`: the e-mails the portal sent, as the citizens would get them.
 * Only while DEV_MAILBOX_ENABLED is on (never in production): otherwise this page does not exist.
 */
export default async function DevMailboxPage() {
  if (!readConfig().DEV_MAILBOX_ENABLED) notFound();
  const messages = await listDevMail();
  return (
    <div className="container-page py-10">
      <h1 className="text-3xl font-bold">Posta di sviluppo</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Le e-mail che il portale ha inviato al server SMTP locale di <code>npm run dev</code>: nessuna è uscita da questo computer.
      </p>
      {messages.length === 0 ? (
        <p className="mt-6 text-lg">Nessuna e-mail ricevuta.</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {messages.map((m) => (
            <li key={m.id} className="rounded border border-line p-4">
              <h2 className="text-xl font-bold">{m.subject || '(senza oggetto)'}</h2>
              <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
                <dt className="font-semibold">Ricevuta il</dt>
                <dd>{formatDateTime(m.receivedAt)}</dd>
                <dt className="font-semibold">Da</dt>
                <dd className="break-all">{m.from}</dd>
                <dt className="font-semibold">A</dt>
                <dd className="break-all">{m.to}</dd>
                {m.attachments.length > 0 && (
                  <>
                    <dt className="font-semibold">Allegati</dt>
                    <dd>{m.attachments.map((a) => `${a.filename} (${a.contentType}, ${Math.ceil(a.size / 1024)} KB)`).join(', ')}</dd>
                  </>
                )}
              </dl>
              <details className="mt-3">
                <summary className="cursor-pointer font-semibold">Testo semplice</summary>
                <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-words">{m.text}</pre>
              </details>
              {m.html && (
                <p className="mt-3">
                  <a href={`/dev/posta/${m.id}`}>Apri la versione HTML</a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
