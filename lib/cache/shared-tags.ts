import type { RedisConnection } from './redis';

/*
 * When each tag was last revalidated, in Redis, for every instance and every process. Time is a counter (the
 * clock), not a wall clock: an entry records the clock it was rendered at, and is stale once any of its tags
 * was revalidated at a later count. No two machines' clocks need to agree.
 */

// Atomic, so that no reader sees the clock moved before the tags that moved it.
const MARK = `local v = redis.call('INCR', KEYS[1])
for i = 1, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], v) end
return v`;

export class SharedTags {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  get clockKey(): string {
    return `${this.prefix}clock`;
  }

  private get tagsKey(): string {
    return `${this.prefix}tags`;
  }

  /** Revalidates `tags` everywhere: returns the new clock. */
  async markRevalidated(tags: readonly string[]): Promise<number> {
    if (tags.length === 0) return this.clock();
    return Number(await this.redis.eval(MARK, { keys: [this.clockKey, this.tagsKey], arguments: [...new Set(tags)] }));
  }

  /** The count of revalidations so far (0 on a new Redis). */
  async clock(): Promise<number> {
    return Number((await this.redis.get(this.clockKey)) ?? 0);
  }

  /** The clock at which each tag was last revalidated (0: never). */
  async versions(tags: readonly string[]): Promise<number[]> {
    if (tags.length === 0) return [];
    return (await this.redis.hmGet(this.tagsKey, [...tags])).map((v) => Number(v ?? 0));
  }
}
