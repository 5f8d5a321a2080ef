import Link from 'next/link';
import { ArrowRight } from 'lucide-react';
import type { Service } from '@/db/schema';
import { describeAmount } from '@/lib/catalogue/amount-text';
import { enteTextLang, localizedPath, type Locale } from '@/lib/i18n/locales';

/** Services grouped by category, each a card linking to its page: the Ente's home and the search results. */
export function ServiceGroups({ groups, locale }: { groups: { category: string; services: Service[] }[]; locale: Locale }) {
  const lang = enteTextLang(locale);
  return groups.map((group) => (
    <section key={group.category} aria-labelledby={`cat-${group.category}`} className="mb-10">
      <h2 id={`cat-${group.category}`} lang={lang} className="mb-4 border-b border-line pb-2 text-2xl font-bold">
        {group.category}
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {group.services.map((service) => {
          const amount = describeAmount(service.amountRule, locale);
          return (
            <li key={service.id}>
              <Link
                href={localizedPath(locale, `/servizi/${service.code}`)}
                className="group flex h-full flex-col rounded border border-line bg-white p-5 text-ink no-underline shadow-sm transition hover:border-primary hover:shadow-md"
              >
                <span lang={lang} className="text-xl font-bold text-primary group-hover:underline">
                  {service.title}
                </span>
                <span lang={lang} className="mt-2 flex-1 text-muted">
                  {service.summary}
                </span>
                <span className="mt-4 flex items-center justify-between gap-2 font-semibold">
                  <span>{amount.headline}</span>
                  <ArrowRight aria-hidden="true" className="shrink-0 text-primary" size={20} />
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  ));
}
