import type { RedisConnection } from './redis';
import { SharedTags } from './shared-tags';
import { fromTypedJson, toTypedJson } from './typed-json';

/*
 * The store behind Next's cache handler: pages and cached reads in Redis, shared by every instance, each with
 * its tags and the revalidation clock it was rendered at (shared-tags.ts). Each instance also keeps the
 * entries it served in memory, but never trusts them blindly: every look-up reads the clock, and a copy
 * checked at an older clock has its tags checked again. An invalidation so reaches every instance at once,
 * while a page served again costs one small Redis round trip instead of a transfer of the whole page.
 */

/** What Next hands the handler, as far as the store cares (kinds: APP_PAGE, APP_ROUTE, FETCH, …). */
export interface CacheValue {
  kind: string;
  headers?: Record<string, unknown>;
  status?: number;
}

export interface LookupContext {
  kind: string;
  /** For cached reads: the read's own tags and the implicit tags of the page making it. */
  tags?: string[];
  softTags?: string[];
}

export interface StoreContext {
  tags?: string[];
}

interface Entry {
  value: CacheValue;
  tags: string[];
  /** The clock when the render or read that produced it started. */
  version: number;
}

interface LocalCopy {
  entry: Entry;
  /** The clock at which its tags were last found not revalidated. */
  checkedAt: number;
  bytes: number;
}

export type Lookup = { result: 'hit'; value: CacheValue } | { result: 'stale' | 'miss' };

/** Next's own header listing a page's tags (its cached reads' and the implicit path tags). */
const TAGS_HEADER = 'x-next-cache-tags';
/** Unvisited pages leave Redis after this long (and with them those of builds no longer running). */
const ENTRY_TTL_SECONDS = 30 * 86_400;

function tagsOf(value: CacheValue, context: StoreContext): string[] {
  const header = value.headers?.[TAGS_HEADER];
  const fromHeader = typeof header === 'string' && header ? header.split(',') : [];
  return [...new Set([...(context.tags ?? []), ...fromHeader])];
}

export interface PageStoreOptions {
  /** Prefix of every key: REDIS_KEY_PREFIX. Tags and clock live directly under it, shared by every build. */
  keyPrefix: string;
  /** Build and render settings: entries of another build, or rendered under other settings, are never read. */
  namespace: string;
  maxMemoryBytes?: number;
}

export class PageStore {
  private readonly tags: SharedTags;
  private readonly local = new Map<string, LocalCopy>();
  private localBytes = 0;
  /** Clock read by the look-up that missed, for the set that follows it (a render that began before a revalidation is stale). */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: PageStoreOptions,
  ) {
    this.tags = new SharedTags(redis, options.keyPrefix);
  }

  private entryKey(key: string): string {
    return `${this.options.keyPrefix}${this.options.namespace}:${key}`;
  }

  async get(key: string, context: LookupContext): Promise<Lookup> {
    const extraTags = [...(context.tags ?? []), ...(context.softTags ?? [])];
    const cached = this.local.get(key);
    let clock: number;
    let text: string | null;
    if (cached) {
      // One small round trip: the value is fetched again only if this copy turns out stale.
      clock = Number((await this.redis.get(this.tags.clockKey)) ?? 0);
      if (cached.checkedAt === clock && extraTags.length === 0) return this.hit(key, cached);
      if (await this.isFresh(cached.entry, extraTags, clock)) return this.hit(key, { ...cached, checkedAt: clock });
      this.forget(key);
      text = await this.redis.get(this.entryKey(key));
    } else {
      const [entry, clockText] = await this.redis.mGet([this.entryKey(key), this.tags.clockKey]);
      clock = Number(clockText ?? 0);
      text = entry ?? null;
    }
    if (!text) {
      this.remember(key, clock);
      return { result: 'miss' };
    }
    const entry = fromTypedJson<Entry>(text);
    if (!(await this.isFresh(entry, extraTags, clock))) {
      this.remember(key, clock);
      return { result: 'stale' };
    }
    return this.hit(key, { entry, checkedAt: clock, bytes: text.length });
  }

  private async isFresh(entry: Entry, extraTags: string[], clock: number): Promise<boolean> {
    if (entry.version >= clock) return true;
    const tags = [...new Set([...entry.tags, ...extraTags])];
    return (await this.tags.versions(tags)).every((revalidatedAt) => revalidatedAt <= entry.version);
  }

  private hit(key: string, copy: LocalCopy): Lookup {
    this.forget(key);
    this.local.set(key, copy);
    this.localBytes += copy.bytes;
    this.evict();
    return { result: 'hit', value: copy.entry.value };
  }

  private remember(key: string, clock: number): void {
    // A look-up whose render never stores (an error) must not make this map grow for ever.
    if (this.pending.size > 10_000) this.pending.clear();
    this.pending.set(key, clock);
  }

  private forget(key: string): void {
    const copy = this.local.get(key);
    if (!copy) return;
    this.localBytes -= copy.bytes;
    this.local.delete(key);
  }

  private evict(): void {
    const max = this.options.maxMemoryBytes ?? 64 * 1024 * 1024;
    for (const [key] of this.local) {
      if (this.localBytes <= max) break;
      this.forget(key);
    }
  }

  async set(key: string, value: CacheValue | null, context: StoreContext): Promise<void> {
    const version = this.pending.get(key) ?? (await this.tags.clock());
    this.pending.delete(key);
    this.forget(key);
    // A 404 is not kept: any unknown address would otherwise add an entry.
    if (!value || (value.status ?? 200) >= 400) {
      await this.redis.del(this.entryKey(key));
      return;
    }
    const entry: Entry = { value, tags: tagsOf(value, context), version };
    await this.redis.set(this.entryKey(key), toTypedJson(entry), { expiration: { type: 'EX', value: ENTRY_TTL_SECONDS } });
  }

  async revalidate(tags: readonly string[]): Promise<void> {
    await this.tags.markRevalidated(tags);
  }
}
