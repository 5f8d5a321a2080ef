/**
 * A wide table's own scrolling box, so that the page never scrolls sideways at 360 px. It is a named,
 * focusable region: keyboard users can scroll it too (axe's scrollable-region-focusable). `relative` keeps
 * absolutely positioned descendants (sr-only text in a cell) inside the box, or they would widen the page.
 */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="relative mt-4 overflow-x-auto">
      {children}
    </div>
  );
}
