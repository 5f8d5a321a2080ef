import { readSharedCacheSettings } from '@/lib/config';
import { connectRedisForScript } from './redis';
import { SharedTags } from './shared-tags';

/**
 * For command-line scripts, which change the database outside Next: marks the tags revalidated straight in
 * the shared Redis, exactly as the instances' cache handler does, and tells the person running the script
 * what it could not reach. Without REDIS_URL each instance's cache is its own, out of a script's reach: that
 * is the expected single-instance set-up, so it is a note on stdout; an unreachable Redis is a warning.
 */
export async function invalidatePagesFromScript(script: string, tags: readonly string[]): Promise<void> {
  const { url, keyPrefix } = readSharedCacheSettings();
  if (!url) {
    console.log(`${script}: REDIS_URL non impostata, le istanze già avviate mostrano la modifica dopo il riavvio.`);
    return;
  }
  try {
    const redis = await connectRedisForScript(url);
    try {
      await new SharedTags(redis, keyPrefix).markRevalidated(tags);
    } finally {
      await redis.close();
    }
  } catch (error) {
    console.warn(
      `${script}: Redis non raggiungibile (${error instanceof Error ? error.message : String(error)}): le pagine dei cittadini potrebbero restare quelle di prima fino al riavvio delle istanze.`,
    );
  }
}
