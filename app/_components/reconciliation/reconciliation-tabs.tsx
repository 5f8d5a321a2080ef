/** The two views of the reconciliation area: the flows received and what did not reconcile. */
export function ReconciliationTabs({ current }: { current: 'flussi' | 'anomalie' }) {
  const tabs = [
    { key: 'flussi', href: '/admin/riconciliazione', label: 'Flussi di rendicontazione' },
    { key: 'anomalie', href: '/admin/riconciliazione/anomalie', label: 'Anomalie di riconciliazione' },
  ] as const;
  return (
    <nav aria-label="Sezioni della riconciliazione" className="mt-6 flex flex-wrap gap-2">
      {tabs.map((tab) => (
        <a
          key={tab.key}
          href={tab.href}
          aria-current={tab.key === current ? 'page' : undefined}
          className="btn-outline aria-[current=page]:bg-primary-light"
        >
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
