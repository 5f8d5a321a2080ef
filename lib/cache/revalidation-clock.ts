import { readSharedCacheSettings } from '../config';
import { sharedRedis } from './redis';
import { SharedTags } from './shared-tags';

/*
 * A number that moves whenever a page tag is revalidated, here or (with Redis) on any instance or by a
 * script: what keeps in memory a copy of what the pages show (the site directory) reloads when it moves.
 */

const local = globalThis as typeof globalThis & { __portaleLocalClock?: number };

/** The shared tag store, or null without REDIS_URL. */
export function sharedTags(): SharedTags | null {
  const redis = sharedRedis();
  return redis ? new SharedTags(redis, readSharedCacheSettings().keyPrefix) : null;
}

/** The clock: Redis's when shared (throws while Redis is unreachable), else this process's own count. */
export async function revalidationClock(): Promise<number> {
  const tags = sharedTags();
  return tags ? tags.clock() : (local.__portaleLocalClock ?? 0);
}

/** Without Redis, revalidations happen in this process only: they move its own clock. */
export function advanceLocalClock(): void {
  local.__portaleLocalClock = (local.__portaleLocalClock ?? 0) + 1;
}
