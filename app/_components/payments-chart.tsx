import { formatDate } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';

const WIDTH = 900;
const HEIGHT = 220;

/**
 * Payments per day as an SVG bar chart, for an Ente's back office and the CIT's monitoring. Screen readers
 * get its title and a one-line summary; the figures themselves are in the table that follows, inside a
 * <details> anyone can open. `period` says which days in words (default: the last N days).
 */
export function PaymentsChart({
  days,
  period = `negli ultimi ${days.length} giorni`,
}: {
  days: { day: string; count: number; amountCents: number }[];
  period?: string;
}) {
  const max = Math.max(1, ...days.map((d) => d.count));
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const amount = days.reduce((sum, d) => sum + d.amountCents, 0);
  const busiest = days.reduce((best, d) => (d.count > best.count ? d : best), days[0]!);
  const slot = WIDTH / days.length;
  const summary =
    total === 0
      ? `Nessun pagamento ${period}.`
      : `${total} ${total === 1 ? 'pagamento' : 'pagamenti'} per ${formatEuro(amount)} ${period}; il giorno con più pagamenti è il ${formatDate(busiest.day)} (${busiest.count}).`;
  return (
    <figure className="mt-4">
      {/* The labels are HTML, not SVG text: the SVG shrinks with the screen, and its text would shrink to 5 px at 360 px. */}
      <p aria-hidden="true" className="text-sm">{`massimo ${max} al giorno`}</p>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 1}`} role="img" aria-labelledby="grafico-titolo grafico-sintesi" className="h-auto w-full">
        <title id="grafico-titolo">{`Pagamenti al giorno ${period}`}</title>
        <desc id="grafico-sintesi">{summary}</desc>
        <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="stroke-ink" strokeWidth={1} />
        {days.map((d, i) => {
          const h = (d.count / max) * (HEIGHT - 10);
          return <rect key={d.day} x={i * slot + 1} y={HEIGHT - h} width={Math.max(1, slot - 2)} height={h} className="fill-primary" />;
        })}
      </svg>
      <p aria-hidden="true" className="flex justify-between text-sm">
        <span>{formatDate(days[0]!.day)}</span>
        <span>{formatDate(days.at(-1)!.day)}</span>
      </p>
      <figcaption className="mt-2">{summary}</figcaption>
      <details className="mt-3">
        <summary className="cursor-pointer font-semibold text-primary">Mostra i dati in tabella</summary>
        <div className="mt-2 max-h-96 overflow-y-auto">
          <table className="w-full max-w-xl border-collapse text-left">
            <caption className="sr-only">Pagamenti per giorno</caption>
            <thead>
              <tr className="border-b-2 border-line">
                <th scope="col" className="py-1 pr-3">
                  Giorno
                </th>
                <th scope="col" className="py-1 pr-3 text-right">
                  Pagamenti
                </th>
                <th scope="col" className="py-1 text-right">
                  Importo
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day} className="border-b border-line">
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {formatDate(d.day)}
                  </th>
                  <td className="py-1 pr-3 text-right">{d.count}</td>
                  <td className="py-1 text-right">{formatEuro(d.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
