import { formatDateTime } from '@/lib/format/date';
import type { SupportThread } from '@/lib/support/queries';

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('it-IT')} KB`
    : `${(bytes / 1024 / 1024).toLocaleString('it-IT', { maximumFractionDigits: 1 })} MB`;
}

/** A request's messages, oldest first, with their attachments downloadable under `base` (/admin/assistenza or /cit/assistenza). */
export function SupportThreadView({ thread, base, citName }: { thread: SupportThread; base: string; citName: string }) {
  return (
    <ol className="mt-4 max-w-3xl space-y-4">
      {thread.messages.map((message) => (
        <li key={message.id}>
          <article
            aria-label={`Messaggio del ${formatDateTime(message.createdAt)}`}
            className={`rounded border-l-4 p-4 ${message.fromCit ? 'border-primary bg-primary-light' : 'border-line bg-surface'}`}
          >
            <p className="font-semibold">
              {message.authorName ?? 'Utente rimosso'}{' '}
              <span className="font-normal">
                ({message.fromCit ? citName : thread.request.enteName}) · {formatDateTime(message.createdAt)}
              </span>
            </p>
            <p className="mt-2 whitespace-pre-wrap break-words">{message.body}</p>
            {message.attachments.length > 0 && (
              <ul aria-label="Allegati" className="mt-3 space-y-1">
                {message.attachments.map((file) => (
                  <li key={file.id}>
                    <a href={`${base}/${thread.request.id}/allegati/${file.id}`} className="break-all">
                      {file.filename}
                    </a>{' '}
                    <span className="text-sm">({formatSize(file.size)})</span>
                  </li>
                ))}
              </ul>
            )}
          </article>
        </li>
      ))}
    </ol>
  );
}
