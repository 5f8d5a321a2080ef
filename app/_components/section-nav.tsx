import { ChevronDown } from 'lucide-react';
import { Disclosure } from './disclosure';

type Section = { href: string; label: string };

function SectionLinks({
  sections,
  current,
  className,
  linkClassName,
}: {
  sections: readonly Section[];
  current?: string;
  className: string;
  linkClassName: string;
}) {
  return (
    <ul className={className}>
      {sections.map((section) => (
        <li key={section.href}>
          <a href={section.href} aria-current={section.href === current ? 'page' : undefined} className={linkClassName}>
            {section.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * The sections of a staff area (the Ente's back office, the CIT's dashboard), the current one marked for
 * screen readers: tabs on wide screens; on a phone a «Sezioni» menu listing them all, since a strip of
 * ten tabs scrolled sideways hides most of them without a hint.
 */
export function SectionNav({ label, sections, path }: { label: string; sections: readonly Section[]; path: string }) {
  // The deepest section containing the path is the current one (/admin/posizioni/x is «Posizioni», not «Riepilogo»).
  const current = sections.filter((s) => path === s.href || path.startsWith(`${s.href}/`)).at(-1)?.href;
  const currentLabel = sections.find((s) => s.href === current)?.label;
  return (
    <>
      <nav aria-label={label} className="mt-4 hidden border-b border-line md:block">
        <SectionLinks
          sections={sections}
          current={current}
          className="flex flex-wrap gap-1"
          linkClassName="block border-b-4 border-transparent px-3 py-3 font-semibold no-underline hover:border-line aria-[current=page]:border-primary aria-[current=page]:text-ink"
        />
      </nav>
      <nav aria-label={label} className="mt-4 md:hidden">
        <Disclosure
          className="relative"
          summaryClassName="flex min-h-11 cursor-pointer list-none items-center justify-between gap-2 rounded border border-line bg-white px-3 py-2 font-semibold [&::-webkit-details-marker]:hidden"
          summary={
            <>
              <span>Sezioni{currentLabel && <span className="font-normal text-muted">: {currentLabel}</span>}</span>
              <ChevronDown aria-hidden="true" size={20} />
            </>
          }
        >
          <SectionLinks
            sections={sections}
            current={current}
            className="mt-1 rounded border border-line bg-white py-1 shadow-sm"
            linkClassName="block px-3 py-3 no-underline hover:bg-surface aria-[current=page]:font-bold aria-[current=page]:text-ink"
          />
        </Disclosure>
      </nav>
    </>
  );
}
