import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { isLocale, type Locale } from './locales';
import { translate } from './translate';

/** The language of a citizen page, from its `[lingua]` segment (which the middleware fills): anything else is a 404. */
export function pageLocale(lingua: string): Locale {
  if (!isLocale(lingua)) notFound();
  return lingua;
}

type TitledNamespace = 'Search' | 'PayNotice' | 'Cart' | 'Outcome' | 'Login' | 'PersonalArea';

/** A citizen page's generateMetadata: the `title` of its catalogue namespace, in the page's language. */
export function titleMetadata(namespace: TitledNamespace, metadata: Metadata = {}) {
  return async ({ params }: { params: Promise<{ lingua: string }> }): Promise<Metadata> => ({
    ...metadata,
    title: translate(pageLocale((await params).lingua), namespace)('title'),
  });
}
