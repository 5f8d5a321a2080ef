import { formatDate } from '@/lib/format/date';
import { csvCell, csvText } from '@/lib/http/csv-stream';
import { euroCell } from '@/lib/receipts/csv-export';
import type { BillingLine } from './compute';
import { ENTE_KIND_LABELS } from './labels';
import type { BillingReport } from './queries';

/** The columns of the billing export, in order: amounts as Italian numbers (`1234,50`) like the receipts' CSV. */
const COLUMNS: { header: string; cell: (line: BillingLine) => string }[] = [
  { header: 'Ente', cell: (l) => csvCell(l.name) },
  { header: 'Codice fiscale', cell: (l) => l.fiscalCode },
  { header: 'Tipo', cell: (l) => ENTE_KIND_LABELS[l.kind] },
  { header: 'Abitanti al 31.12.2013', cell: (l) => (l.population === null ? '' : String(l.population)) },
  { header: 'Unione o Comunità Montana', cell: (l) => csvCell(l.parentName ?? '') },
  { header: 'Fascia', cell: (l) => csvCell(l.band) },
  { header: 'Condizione', cell: (l) => csvCell(l.condition) },
  { header: 'Prima attivazione', cell: (l) => formatDate(l.firstActivation) },
  { header: 'Giorni di attività', cell: (l) => String(l.activeDays) },
  { header: "Giorni dell'anno", cell: (l) => String(l.daysInYear) },
  { header: 'Canone annuo', cell: (l) => euroCell(l.yearlyCents) },
  { header: 'Canone annuo ordinario', cell: (l) => euroCell(l.ordinaryYearlyCents) },
  { header: 'Quota di attivazione', cell: (l) => euroCell(l.activationCents) },
  { header: 'Canone dovuto', cell: (l) => euroCell(l.maintenanceCents) },
  { header: 'Totale', cell: (l) => euroCell(l.totalCents) },
];

/** The year's billing for a spreadsheet: `;`, UTF-8 with BOM, CRLF, one row per Ente. */
export function billingCsv(report: Pick<BillingReport, 'lines'>): string {
  return csvText(
    COLUMNS.map((c) => c.header),
    report.lines.map((line) => COLUMNS.map((c) => c.cell(line))),
  );
}
