import { SUPPORT_STATUS_LABELS, type SupportStatus } from '@/lib/support/labels';

const TONE: Record<SupportStatus, string> = {
  aperta: 'bg-primary-light text-ink',
  in_lavorazione: 'bg-amber-100 text-ink',
  in_attesa_ente: 'bg-surface text-ink border border-line',
  chiusa: 'bg-green-50 text-ink',
};

export function SupportStatusBadge({ status }: { status: SupportStatus }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-sm font-semibold ${TONE[status]}`}>{SUPPORT_STATUS_LABELS[status]}</span>;
}
