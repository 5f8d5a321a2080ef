import { revalidateTag } from 'next/cache';
import { advanceLocalClock } from './revalidation-clock';

/**
 * For server actions and route handlers, after the change is committed: Next revalidates the tags at the end
 * of the action, through the cache handler (with REDIS_URL: for every instance at once). Scripts, which run
 * outside Next, use invalidatePagesFromScript instead.
 */
export function invalidatePages(tags: readonly string[]): void {
  for (const tag of new Set(tags)) revalidateTag(tag);
  advanceLocalClock();
}
