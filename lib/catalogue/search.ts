import type { Service } from '@/db/schema';

/** Lower case, accents removed: "identità" and "IDENTITA" match alike. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

type Searchable = Pick<Service, 'title' | 'summary' | 'category' | 'description'>;

/** Every word of the query must appear in the service's title, summary, category or description. */
export function filterServices<T extends Searchable>(items: T[], query: string): T[] {
  const words = normalizeForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  return items.filter((s) => {
    const haystack = normalizeForSearch(`${s.title} ${s.summary} ${s.category} ${s.description}`);
    return words.every((w) => haystack.includes(w));
  });
}

export interface CategoryGroup<T> {
  category: string;
  services: T[];
}

/** Groups in first-seen order: a category sits where its first service does in the catalogue order. */
export function groupByCategory<T extends Pick<Service, 'category'>>(items: T[]): CategoryGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.category) ?? [];
    list.push(item);
    groups.set(item.category, list);
  }
  return [...groups.entries()].map(([category, list]) => ({ category, services: list }));
}
