import { formatDateTime } from '@/lib/format/date';
import { SUPPORT_CATEGORY_LABELS } from '@/lib/support/labels';
import type { SupportRequestLine } from '@/lib/support/queries';
import { SupportStatusBadge } from './status-badge';

const TH = 'py-2 pr-4';

/** The requests, newest update first; the CIT's view adds the Ente and the assignee. Scrolls in its own box on a phone. */
export function SupportRequestsTable({ lines, base, cit = false }: { lines: SupportRequestLine[]; base: string; cit?: boolean }) {
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-left">
        <caption className="sr-only">Richieste di assistenza, dall’ultima aggiornata</caption>
        <thead>
          <tr className="border-b-2 border-line">
            <th scope="col" className={TH}>
              Numero
            </th>
            <th scope="col" className={TH}>
              Oggetto
            </th>
            {cit && (
              <th scope="col" className={TH}>
                Ente
              </th>
            )}
            <th scope="col" className={TH}>
              Argomento
            </th>
            <th scope="col" className={TH}>
              Stato
            </th>
            {cit && (
              <th scope="col" className={TH}>
                Assegnata a
              </th>
            )}
            <th scope="col" className="py-2">
              Ultimo aggiornamento
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id} className="border-b border-line align-top">
              <td className={TH}>{line.number}</td>
              <td className={TH}>
                <a href={`${base}/${line.id}`}>{line.subject}</a>
              </td>
              {cit && <td className={TH}>{line.enteName}</td>}
              <td className={TH}>{SUPPORT_CATEGORY_LABELS[line.category]}</td>
              <td className={TH}>
                <SupportStatusBadge status={line.status} />
              </td>
              {cit && <td className={TH}>{line.assigneeName ?? '—'}</td>}
              <td className="py-2">{formatDateTime(line.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
