import { getReadDb } from '@/db';
import { formatEuro } from '@/lib/format/money';
import type { PositionFilters } from '@/lib/positions/staff-filters';
import { totalPositions } from '@/lib/positions/staff-list';
import type { StaffScope } from '@/lib/positions/staff-scope';

/**
 * Count and amount of the filtered positions. Streamed after the list (inside a Suspense boundary): over
 * a broad filter they add up hundreds of thousands of rows, while the page itself is one index range.
 */
export async function PositionTotals({ enteId, scope, filters }: { enteId: string; scope: StaffScope; filters: PositionFilters }) {
  const totals = await totalPositions(await getReadDb(), enteId, scope, filters);
  return (
    <p className="mt-2" role="status">
      {totals.count.toLocaleString('it-IT')} {totals.count === 1 ? 'posizione' : 'posizioni'} per un totale di{' '}
      {formatEuro(totals.amountCents)}.
    </p>
  );
}
