import { AreaTabs } from '@/app/_components/area-tabs';

const TABS = {
  flussi: { href: '/admin/riconciliazione', label: 'Flussi di rendicontazione' },
  anomalie: { href: '/admin/riconciliazione/anomalie', label: 'Anomalie di riconciliazione' },
} as const;

/** The two views of the reconciliation area: the flows received and what did not reconcile. */
export function ReconciliationTabs({ current }: { current: keyof typeof TABS }) {
  return <AreaTabs label="Sezioni della riconciliazione" tabs={Object.values(TABS)} current={TABS[current].href} />;
}
