import { ANOMALY_KIND_LABELS } from '@/lib/anomalies/labels';
import type { ReceiptLine } from './queries';

/** How a column's value is written: text as is, euro amounts (cents in the data), a date and time. */
export type ColumnKind = 'text' | 'euro' | 'datetime';

export interface ExportColumn {
  header: string;
  kind: ColumnKind;
  /** Width in characters, for the spreadsheet. */
  width: number;
  value: (line: ReceiptLine) => string | number | Date | null;
}

/** The accounting export's columns, the same in CSV and XLSX, in this order. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'Codice avviso', kind: 'text', width: 20, value: (l) => l.noticeNumber },
  { header: 'IUV', kind: 'text', width: 20, value: (l) => l.iuv },
  { header: 'Identificativo ricevuta', kind: 'text', width: 24, value: (l) => l.receiptId },
  { header: 'Debitore', kind: 'text', width: 28, value: (l) => l.debtorName },
  { header: 'Codice fiscale debitore', kind: 'text', width: 18, value: (l) => l.debtorFiscalCode },
  { header: 'Pagatore', kind: 'text', width: 28, value: (l) => l.payerName },
  { header: 'Codice fiscale pagatore', kind: 'text', width: 18, value: (l) => l.payerFiscalCode },
  { header: 'Servizio', kind: 'text', width: 28, value: (l) => l.serviceTitle },
  { header: 'Tassonomia', kind: 'text', width: 16, value: (l) => l.taxonomyCode },
  { header: 'Importo (€)', kind: 'euro', width: 12, value: (l) => l.amountCents },
  { header: 'Commissione PSP (€)', kind: 'euro', width: 12, value: (l) => l.feeCents },
  { header: 'PSP', kind: 'text', width: 28, value: (l) => l.pspName },
  { header: 'Data pagamento', kind: 'datetime', width: 17, value: (l) => l.paymentDateTime },
  { header: 'Identificativo esterno', kind: 'text', width: 20, value: (l) => l.externalId },
  { header: 'Codice fiscale PSP', kind: 'text', width: 18, value: (l) => l.pspFiscalCode },
  { header: 'Partita IVA PSP', kind: 'text', width: 14, value: (l) => l.pspVatNumber },
  { header: 'Numero accrediti', kind: 'text', width: 10, value: (l) => l.transferCount },
  // Collected but paid nothing: accounting must not book it against the notice.
  { header: 'Anomalia', kind: 'text', width: 28, value: (l) => l.anomaly && ANOMALY_KIND_LABELS[l.anomaly] },
];

/** The file name of an export: the Ente and the range, e.g. `ricevute-valmora-2027-01-01-2027-01-31.csv`. */
export function exportFileName(slug: string, range: { dal?: string; al?: string }, extension: 'csv' | 'xlsx'): string {
  return `ricevute-${[slug, range.dal ?? 'inizio', range.al ?? 'oggi'].join('-')}.${extension}`;
}
