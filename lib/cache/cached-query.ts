import { unstable_cache } from 'next/cache';
import { ALL_PAGES_TAG } from './tags';
import { fromTypedJson, toTypedJson } from './typed-json';

/**
 * A database read kept in Next's data cache under `name` and its arguments, tagged with what invalidates it.
 * A page that makes the read carries the same tags, so revalidating one re-renders the page too. The value
 * goes through typed JSON: unstable_cache alone stores JSON, which would turn a row's Dates into strings.
 */
export function cachedQuery<A extends string[], T>(
  name: string,
  load: (...args: A) => Promise<T>,
  tags: (...args: A) => string[],
): (...args: A) => Promise<T> {
  return async (...args: A) => {
    const read = unstable_cache(async () => toTypedJson(await load(...args)), [name, ...args], {
      tags: [ALL_PAGES_TAG, ...tags(...args)],
    });
    return fromTypedJson<T>(await read());
  };
}
