import { TableScroll } from '@/app/_components/table-scroll';
import { formatDateTime } from '@/lib/format/date';
import { messageStateLabel, NOTIFICATION_CHANNEL_LABELS, NOTIFICATION_KIND_LABELS } from '@/lib/notifications/labels';
import type { PositionMessage } from '@/lib/notifications/queries';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { RetryNotificationButton } from './retry-button';

type Row = PositionMessage & { positionId?: string; noticeNumber?: string };

/** Messages to citizens with their delivery state; staff who may act can send a failed one again. */
export function MessagesTable({ label, messages, mayRetry }: { label: string; messages: Row[]; mayRetry: boolean }) {
  const withNotice = messages.some((m) => m.noticeNumber);
  return (
    <TableScroll label={label}>
      <table className="w-full border-collapse text-left">
        <thead>
          <tr className="border-b-2 border-line">
            {withNotice && <th className="px-2 py-2">Avviso</th>}
            <th className="px-2 py-2">Messaggio</th>
            <th className="px-2 py-2">Destinatario</th>
            <th className="px-2 py-2">Stato</th>
            <th className="px-2 py-2">Tentativi</th>
            <th className="px-2 py-2">Ultimo errore</th>
            {mayRetry && (
              <th className="px-2 py-2">
                <span className="sr-only">Azioni</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr key={m.id} className="border-b border-line align-top">
              {withNotice && (
                <td className="px-2 py-2 font-mono whitespace-nowrap">
                  {m.positionId && m.noticeNumber ? (
                    <a href={`/admin/posizioni/${m.positionId}`}>{formatNoticeNumber(m.noticeNumber)}</a>
                  ) : (
                    '—'
                  )}
                </td>
              )}
              <td className="px-2 py-2">
                {NOTIFICATION_KIND_LABELS[m.kind]} ({NOTIFICATION_CHANNEL_LABELS[m.channel]})
                <br />
                <span className="text-sm text-muted">creato il {formatDateTime(m.createdAt)}</span>
              </td>
              <td className="px-2 py-2 break-all">{m.recipient}</td>
              <td className="px-2 py-2">
                {messageStateLabel(m)}
                {m.sentAt && <span className="block text-sm text-muted">il {formatDateTime(m.sentAt)}</span>}
                {m.state === 'failed' && (
                  <span className="block text-sm text-muted">prossimo tentativo {formatDateTime(m.nextAttemptAt)}</span>
                )}
              </td>
              <td className="px-2 py-2">{m.attempts}</td>
              <td className="px-2 py-2 break-words">{m.lastError ?? '—'}</td>
              {mayRetry && (
                <td className="px-2 py-2">{(m.state === 'failed' || m.state === 'dead') && <RetryNotificationButton id={m.id} />}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
