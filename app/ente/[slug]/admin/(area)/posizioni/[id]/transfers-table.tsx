import type { PositionTransfer } from '@/db/schema';
import { formatEuro } from '@/lib/format/money';

/** Where the money of a position goes (pagoPA's transfers): shown when it is split among beneficiaries. */
export function TransfersTable({ transfers }: { transfers: PositionTransfer[] }) {
  if (transfers.length < 2) return null;
  return (
    <section aria-labelledby="ripartizione" className="mt-10 max-w-3xl">
      <h2 id="ripartizione" className="text-2xl font-bold">
        Ripartizione tra beneficiari
      </h2>
      <div className="mt-4 overflow-x-auto">
        <table className="w-full text-left">
          <thead>
            <tr className="border-b-2 border-line">
              <th scope="col" className="py-2 pr-4">
                Beneficiario
              </th>
              <th scope="col" className="py-2 pr-4">
                IBAN
              </th>
              <th scope="col" className="py-2 pr-4">
                Tassonomia
              </th>
              <th scope="col" className="py-2 text-right">
                Importo
              </th>
            </tr>
          </thead>
          <tbody>
            {transfers.map((t) => (
              <tr key={t.idTransfer} className="border-b border-line">
                <td className="py-2 pr-4">
                  {t.companyName}
                  <span className="block font-mono text-sm text-muted">{t.fiscalCodePA}</span>
                </td>
                <td className="py-2 pr-4 font-mono text-sm">{t.iban ?? t.postalIban ?? (t.stamp ? 'Marca da bollo digitale' : '—')}</td>
                <td className="py-2 pr-4 font-mono text-sm">{t.category}</td>
                <td className="py-2 text-right font-mono">{formatEuro(t.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
