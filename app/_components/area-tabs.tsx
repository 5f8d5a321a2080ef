/** The views of one back-office section (reconciliation, conservazione), the current one marked. */
export function AreaTabs({ label, tabs, current }: { label: string; tabs: readonly { href: string; label: string }[]; current: string }) {
  return (
    <nav aria-label={label} className="mt-6 flex flex-wrap gap-2">
      {tabs.map((tab) => (
        <a
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? 'page' : undefined}
          className="btn-outline aria-[current=page]:bg-primary-light"
        >
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
