/** A link of the pager: where it goes and what it says. */
export interface PagerLink {
  href: string;
  text: string;
}

/**
 * Keyset pagination for a newest-first list: back to the newest page (only when past it) and on to the
 * next one (only when there is one).
 */
export function CursorPager({ label, first, next }: { label: string; first: PagerLink | null; next: PagerLink | null }) {
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap gap-3">
      {first && (
        <a className="btn-outline" href={first.href}>
          {first.text}
        </a>
      )}
      {next && (
        <a className="btn-outline" href={next.href}>
          {next.text}
        </a>
      )}
    </nav>
  );
}
