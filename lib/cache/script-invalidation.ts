import { readSharedCacheSettings } from '@/lib/config';
import { connectRedisForScript } from './redis';
import { SharedTags } from './shared-tags';

/**
 * For command-line scripts, which change the database outside Next: marks the tags revalidated straight in
 * the shared Redis, exactly as the instances' cache handler does. Without REDIS_URL each instance's cache is
 * in its own memory, out of a script's reach: the running instances show the change after a restart.
 * Returns what the person running the script should be told, if anything.
 */
export async function invalidatePagesFromScript(tags: readonly string[]): Promise<string | null> {
  const { url, keyPrefix } = readSharedCacheSettings();
  if (!url) return 'REDIS_URL non impostata: le istanze già avviate mostrano la modifica dopo il riavvio.';
  try {
    const redis = await connectRedisForScript(url);
    try {
      await new SharedTags(redis, keyPrefix).markRevalidated(tags);
    } finally {
      await redis.close();
    }
    return null;
  } catch (error) {
    return `Redis non raggiungibile (${error instanceof Error ? error.message : String(error)}): le pagine dei cittadini potrebbero restare quelle di prima fino al riavvio delle istanze.`;
  }
}
