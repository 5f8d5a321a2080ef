import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig, readSharedCacheSettings } from '../config';
import { logger } from '../logger';
import { metrics } from '../metrics/registry';
import { PageStore, type CacheValue, type LookupContext, type StoreContext } from './page-store';
import { reportRedisProblem, sharedRedis } from './redis';

/*
 * Next's `cacheHandler` when REDIS_URL is set (next.config.ts): the full-route cache of the citizen pages and
 * the data cache of their reads, shared by every `next start` instance. `next start` loads this file itself,
 * compiled to plain JavaScript by `npm run build` (tsconfig.cache-handler.json): hence relative imports only.
 * Redis down: a look-up is a miss (the page is rendered from the database), a store is skipped, both logged.
 */

const holder = globalThis as typeof globalThis & { __portalePageStore?: PageStore };

/**
 * Entries of another build, or rendered under other settings that pages print (the sandbox banner, the
 * sites' addresses), are never served: a restart with the sandbox switched off must not show its banner.
 */
function namespace(serverDistDir: string | undefined): string {
  let buildId = 'development';
  try {
    if (serverDistDir) buildId = readFileSync(path.join(serverDistDir, '..', 'BUILD_ID'), 'utf8').trim();
  } catch {
    // `next dev` has no BUILD_ID: its entries stay among themselves.
  }
  const { SANDBOX_ENABLED, PORTAL_SCHEME, PORTAL_BASE_DOMAIN } = readConfig();
  const settings = createHash('sha256')
    .update(JSON.stringify([SANDBOX_ENABLED, PORTAL_SCHEME, PORTAL_BASE_DOMAIN]))
    .digest('hex');
  return `${buildId}:${settings.slice(0, 12)}`;
}

function pageStore(serverDistDir: string | undefined): PageStore | null {
  const redis = sharedRedis();
  if (!redis) return null;
  holder.__portalePageStore ??= new PageStore(redis, {
    keyPrefix: readSharedCacheSettings().keyPrefix,
    namespace: namespace(serverDistDir),
  });
  return holder.__portalePageStore;
}

/** Next builds one per request: everything lasting lives in the process-wide PageStore. */
export default class SharedPageCacheHandler {
  private readonly store: PageStore | null;

  constructor(context: { serverDistDir?: string }) {
    this.store = pageStore(context.serverDistDir);
  }

  async get(key: string, context: LookupContext): Promise<{ lastModified: number; value: CacheValue } | null> {
    const isPage = context.kind === 'APP_PAGE';
    try {
      const lookup = this.store ? await this.store.get(key, context) : ({ result: 'miss' } as const);
      if (isPage) metrics().cacheLookups.inc({ result: lookup.result });
      // Freshness is the tags' business alone: "modified now" keeps Next from expiring a page by age, which it
      // would after a second on an instance that did not render it (it knows a route's lifetime only from its own renders).
      return lookup.result === 'hit' ? { lastModified: Date.now(), value: lookup.value } : null;
    } catch (error) {
      reportRedisProblem(error, 'get');
      if (isPage) metrics().cacheLookups.inc({ result: 'miss' });
      return null;
    }
  }

  async set(key: string, value: CacheValue | null, context: StoreContext): Promise<void> {
    try {
      await this.store?.set(key, value, context);
    } catch (error) {
      reportRedisProblem(error, 'set');
    }
  }

  async revalidateTag(tags: string | string[]): Promise<void> {
    try {
      await this.store?.revalidate(typeof tags === 'string' ? [tags] : tags);
    } catch (error) {
      // The change is committed but the instances keep the old pages: say so every time.
      logger.error({ err: error, tags }, 'page_cache_invalidation_failed');
    }
  }

  resetRequestCache(): void {}
}
