import { createClient } from '@redis/client';
import { readSharedCacheSettings } from '../config';
import { logger } from '../logger';

/*
 * The connection to the Redis that the instances share (REDIS_URL). Relative imports only: the Next cache
 * handler is compiled on its own for `next start` (tsconfig.cache-handler.json), without the `@/` alias.
 */

// createClient's generics resolved for our options (ReturnType<typeof createClient> would keep them open).
const clientFor = (url: string, fastFail: boolean) =>
  createClient({
    url,
    disableOfflineQueue: fastFail,
    socket: fastFail
      ? { connectTimeout: 2_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000) }
      : { connectTimeout: 5_000, reconnectStrategy: false },
  });

export type RedisConnection = ReturnType<typeof clientFor>;

const holder = globalThis as typeof globalThis & { __portaleRedis?: RedisConnection; __portaleRedisLoggedAt?: number };

/** Logs a Redis problem at most every 30 seconds: while Redis is down, every request would report it. */
export function reportRedisProblem(error: unknown, during: string): void {
  const now = Date.now();
  if (now - (holder.__portaleRedisLoggedAt ?? 0) < 30_000) return;
  holder.__portaleRedisLoggedAt = now;
  logger.error({ err: error, during }, 'redis_unavailable');
}

/**
 * The server's connection, or null when REDIS_URL is not set. It never makes a request wait: while it is
 * (re)connecting, commands fail at once (no offline queue) and the caller answers as on a cache miss.
 */
export function sharedRedis(): RedisConnection | null {
  const { url } = readSharedCacheSettings();
  if (!url) return null;
  if (!holder.__portaleRedis) {
    const client = clientFor(url, true);
    client.on('error', (error: unknown) => reportRedisProblem(error, 'connection'));
    client.connect().catch((error: unknown) => reportRedisProblem(error, 'connect'));
    holder.__portaleRedis = client;
  }
  return holder.__portaleRedis ?? null;
}

/** A short-lived connection for a command-line script, which may wait for it; the caller closes it. */
export async function connectRedisForScript(url: string): Promise<RedisConnection> {
  const client = clientFor(url, false);
  client.on('error', () => undefined);
  return client.connect();
}
