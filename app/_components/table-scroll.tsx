/**
 * A wide table's own scrolling box, so that the page never scrolls sideways at 360 px. It is a named,
 * focusable region: keyboard users can scroll it too (axe's scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="mt-4 overflow-x-auto">
      {children}
    </div>
  );
}
