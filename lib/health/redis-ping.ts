import { createClient } from '@redis/client';

/*
 * Whether the Redis of REDIS_URL answers: connect (AUTH when the URL has credentials), PING, close. A
 * connection of its own rather than the page cache's shared one: that one fails fast while reconnecting
 * and belongs to the first REDIS_URL it saw, and the probe must report why Redis does not answer now.
 */

/** Resolves when Redis answers PONG within `timeoutMs`; rejects with the reason otherwise. */
export async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    // socketTimeout bounds a server that accepts the connection and then stays silent during the handshake.
    socket: { connectTimeout: timeoutMs, socketTimeout: timeoutMs, reconnectStrategy: false },
  });
  // The rejected connect or PING carries the reason; the event would otherwise be an unhandled error.
  client.on('error', () => undefined);
  try {
    await client.connect();
    if ((await client.ping()) !== 'PONG') throw new Error('risposta inattesa');
  } finally {
    client.destroy();
  }
}
