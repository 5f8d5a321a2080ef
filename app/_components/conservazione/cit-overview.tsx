import { conservazioneHealth, HEALTH_LABELS, NEEDS_ATTENTION } from '@/lib/conservazione/health';
import { CONSERVATORE_SHORT_LABELS } from '@/lib/conservazione/labels';
import type { CitConservazioneLine } from '@/lib/conservazione/queries';
import { formatDate, formatDateTime } from '@/lib/format/date';

const number = (n: number) => n.toLocaleString('it-IT');

/** The last thing handed over: a preserved receipt (ParER) or a day's package (another conservatore). */
export function lastHandedOver(line: Pick<CitConservazioneLine, 'conservatore' | 'lastPreservedAt' | 'lastExportDay'>): string {
  if (line.conservatore === 'export') return line.lastExportDay ? `Pacchetto del ${formatDate(line.lastExportDay)}` : '—';
  return line.lastPreservedAt ? formatDateTime(line.lastPreservedAt) : '—';
}

/** The CIT's monitoring of conservazione across Enti: who configured it, whether it works, what waits. */
export function ConservazioneOverview({ lines, keep }: { lines: CitConservazioneLine[]; keep: string }) {
  const configured = lines.filter((l) => l.conservatore !== 'none');
  return (
    <section aria-labelledby="conservazione" className="mt-8">
      <h2 id="conservazione" className="text-2xl font-bold">
        Conservazione delle ricevute
      </h2>
      <p className="mt-2 max-w-3xl">
        {number(configured.length)} Enti su {number(lines.length)} hanno configurato la conservazione. «Da versare» sono le ricevute non
        ancora consegnate al conservatore; le rifiutate e quelle senza più tentativi automatici le riesamina l’amministratore dell’Ente.
      </p>
      <div className="mt-4 overflow-x-auto" role="region" aria-labelledby="conservazione" tabIndex={0}>
        <table className="w-full min-w-[56rem] border-collapse text-left">
          <caption className="sr-only">Conservazione per Ente</caption>
          <thead>
            <tr className="border-b-2 border-line align-bottom">
              <th scope="col" className="p-2">
                Ente
              </th>
              <th scope="col" className="p-2">
                Conservatore
              </th>
              <th scope="col" className="p-2">
                Stato
              </th>
              <th scope="col" className="p-2">
                Ultima consegna
              </th>
              <th scope="col" className="p-2 text-right">
                Da versare
              </th>
              <th scope="col" className="p-2 text-right">
                Rifiutate
              </th>
              <th scope="col" className="p-2 text-right">
                Da riprovare
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const health = conservazioneHealth(line);
              return (
                <tr key={line.enteId} className="border-b border-line">
                  <th scope="row" className="p-2 font-normal">
                    <a href={`/cit/monitoraggio/${line.enteId}?${keep}#conservazione`}>{line.name}</a>
                  </th>
                  <td className="p-2">{CONSERVATORE_SHORT_LABELS[line.conservatore]}</td>
                  <td className={NEEDS_ATTENTION.has(health) ? 'p-2 font-semibold text-danger' : 'p-2'}>{HEALTH_LABELS[health]}</td>
                  <td className="p-2 whitespace-nowrap">{lastHandedOver(line)}</td>
                  {/* Without a conservatore nothing is owed to one: the counts would only repeat the ledger. */}
                  {[line.backlog, line.rejected, line.stuck].map((n, i) => (
                    <td key={i} className="p-2 text-right">
                      {line.conservatore === 'none' ? '—' : number(n)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
