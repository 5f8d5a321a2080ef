import Link from 'next/link';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

export interface Crumb {
  label: string;
  href?: string;
}

export function Breadcrumbs({ items, locale = 'it' }: { items: Crumb[]; locale?: Locale }) {
  return (
    <nav aria-label={translate(locale, 'Breadcrumbs')('label')} className="container-page pt-6 text-sm">
      <ol className="flex flex-wrap items-center gap-x-2 gap-y-1">
        {items.map((item, index) => (
          <li key={item.label} className="flex items-center gap-2">
            {index > 0 && (
              <span aria-hidden="true" className="text-muted">
                /
              </span>
            )}
            {item.href ? (
              <Link href={item.href} className="font-semibold">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" className="text-muted">
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
