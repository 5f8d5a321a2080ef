import { notFound } from 'next/navigation';
import { isLocale, type Locale } from './locales';

/** The language of a citizen page, from its `[lingua]` segment (which the middleware fills): anything else is a 404. */
export function pageLocale(lingua: string): Locale {
  if (!isLocale(lingua)) notFound();
  return lingua;
}
