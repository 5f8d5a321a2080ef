import type { AnomalyKind } from '@/lib/payments/record-receipt';

/** How the back office names the kinds of anomaly, on the anomalies, on flagged receipts and in the exports. */
export const ANOMALY_KIND_LABELS: Record<AnomalyKind, string> = {
  unknown_notice: 'Avviso sconosciuto',
  amount_mismatch: 'Importo diverso da quello dovuto',
  not_payable: 'Avviso non pagabile o pagato due volte',
};
