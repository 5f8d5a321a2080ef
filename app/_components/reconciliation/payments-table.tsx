import { TableScroll } from '@/app/_components/table-scroll';
import { formatDate } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { matchLabel, outcomeLabel } from '@/lib/reconciliation/labels';
import type { PaymentLine } from '@/lib/reconciliation/queries';

/** Flow payments and what each matched: the flow's page and the anomalies' (`withFlow` adds the flow column). */
export function PaymentsTable({ lines, caption, withFlow = false }: { lines: PaymentLine[]; caption: string; withFlow?: boolean }) {
  return (
    <TableScroll label={caption}>
      <table className="w-full min-w-[56rem] border-collapse text-left">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b-2 border-line">
            {withFlow && (
              <th scope="col" className="p-2">
                Flusso
              </th>
            )}
            <th scope="col" className="p-2">
              N.
            </th>
            <th scope="col" className="p-2">
              IUV
            </th>
            <th scope="col" className="p-2">
              IUR
            </th>
            <th scope="col" className="p-2">
              Trasf.
            </th>
            <th scope="col" className="p-2 text-right">
              Importo
            </th>
            <th scope="col" className="p-2">
              Esito
            </th>
            <th scope="col" className="p-2">
              Pagato il
            </th>
            <th scope="col" className="p-2">
              Abbinamento
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id} className="border-b border-line align-top">
              {withFlow && (
                <td className="p-2">
                  <a href={`/admin/riconciliazione/${line.flowRowId}`}>{line.flowId}</a>
                </td>
              )}
              <td className="p-2">{line.paymentIndex}</td>
              <td className="p-2 font-mono">{line.iuv}</td>
              <td className="p-2 font-mono">{line.iur}</td>
              <td className="p-2">{line.idTransfer}</td>
              <td className="p-2 text-right whitespace-nowrap">{formatEuro(line.amountCents)}</td>
              <td className="p-2">{outcomeLabel(line.outcome)}</td>
              <td className="p-2 whitespace-nowrap">{formatDate(line.payDate)}</td>
              <td className="p-2">
                {matchLabel(line)}
                {line.noticeNumber && (
                  <>
                    <br />
                    {line.receiptRowId ? (
                      <a className="font-mono whitespace-nowrap" href={`/admin/ricevute/${line.receiptRowId}`}>
                        {formatNoticeNumber(line.noticeNumber)}
                      </a>
                    ) : (
                      <span className="font-mono whitespace-nowrap">{formatNoticeNumber(line.noticeNumber)}</span>
                    )}
                    {line.serviceTitle && <span className="block text-sm">{line.serviceTitle}</span>}
                    {line.debtorName && <span className="block text-sm">{line.debtorName}</span>}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
