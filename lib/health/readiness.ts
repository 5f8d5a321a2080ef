import type { Database } from '@/db';
import { assertMigrated, pingDatabase } from '@/db/client';
import { readConfig } from '@/lib/config';
import { problem } from '@/lib/http/problem';
import { logger } from '@/lib/logger';
import { pingRedis } from './redis-ping';
import { isDraining } from './shutdown';

/*
 * `GET /api/ready`, for the load balancer: may this instance get traffic? Only when it is not shutting down,
 * its database answers and is at the latest migration (an instance of a newer release on an old schema
 * would fail on its first query), and Redis answers when REDIS_URL is set. `/api/health` stays the liveness
 * probe (the process and its database are up): an instance that is not ready is not restarted for it.
 */

const CHECK_TIMEOUT_MS = 2_000;

type Checks = Record<string, string>;

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`nessuna risposta entro ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function check(checks: Checks, name: string, work: () => Promise<void>): Promise<boolean> {
  try {
    await withinTimeout(work());
    checks[name] = 'ok';
    return true;
  } catch (error) {
    checks[name] = (error as Error).message.slice(0, 200);
    return false;
  }
}

export async function handleReadinessRequest(database: () => Promise<Database>): Promise<Response> {
  if (isDraining()) return problem(503, 'Istanza in arresto', undefined, { checks: { draining: 'in arresto' } });
  const checks: Checks = {};
  const { REDIS_URL } = readConfig();
  const databaseReady = await check(checks, 'database', async () => {
    const db = await database();
    await pingDatabase(db);
    await assertMigrated(db);
  });
  const redisReady = REDIS_URL ? await check(checks, 'redis', () => pingRedis(REDIS_URL, CHECK_TIMEOUT_MS)) : true;
  if (databaseReady && redisReady) return Response.json({ status: 'ready', checks }, { headers: { 'cache-control': 'no-store' } });
  logger.warn({ event: 'not_ready', checks }, 'istanza non pronta');
  return problem(503, 'Istanza non pronta', undefined, { checks });
}
