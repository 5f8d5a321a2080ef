import { createTranslator, type NamespaceKeys, type NestedKeyOf } from 'next-intl';
import type { Locale } from './locales';
import { MESSAGES, type Messages } from './messages';

export type Namespace = NamespaceKeys<Messages, NestedKeyOf<Messages>>;

/** Italian time for every date, whatever the server's or the browser's zone. */
export const TIME_ZONE = 'Europe/Rome';

/**
 * A namespace's messages in `locale`, for server components and shared code (the zod schemas of the forms). The
 * language is always passed in, from the URL's segment: nothing here reads the request, so a cached page stays
 * the same for everyone. Client components get the language as a prop and call it too.
 */
export function translate<const N extends Namespace>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace, timeZone: TIME_ZONE });
}
