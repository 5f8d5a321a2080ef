/** The tabs of a staff area (the Ente's back office, the CIT's dashboard): the current one is marked for screen readers. */
export function SectionNav({
  label,
  sections,
  path,
}: {
  label: string;
  sections: readonly { href: string; label: string }[];
  path: string;
}) {
  // The deepest section containing the path is the current one (/admin/posizioni/x is «Posizioni», not «Riepilogo»).
  const current = sections.filter((s) => path === s.href || path.startsWith(`${s.href}/`)).at(-1)?.href;
  return (
    <nav aria-label={label} className="mt-4 overflow-x-auto border-b border-line">
      <ul className="flex min-w-max gap-1">
        {sections.map((section) => (
          <li key={section.href}>
            <a
              href={section.href}
              aria-current={section.href === current ? 'page' : undefined}
              className="block border-b-4 border-transparent px-3 py-3 font-semibold no-underline hover:border-line aria-[current=page]:border-primary aria-[current=page]:text-ink"
            >
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
