import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { handleReadinessRequest } from '@/lib/health/readiness';
import { startDraining } from '@/lib/health/shutdown';
import { withEnv } from '../support/env';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase({ seed: false });

async function ready(database = async () => db(), env: Record<string, string | undefined> = { REDIS_URL: undefined }) {
  const response = await withEnv(env, () => handleReadinessRequest(database));
  expect(response.headers.get('cache-control')).toBe('no-store');
  return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
}

describe('GET /api/ready', () => {
  it('is ready when the database answers at the latest migration', async () => {
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok' } } });
  });

  it('asks Redis too when REDIS_URL is set', async () => {
    const up = await ready(undefined, { REDIS_URL: 'redis://127.0.0.1:6379/0' });
    expect(up).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', redis: 'ok' } } });
    const closed = await ready(undefined, { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(closed.status).toBe(503);
    expect(closed.body.checks).toEqual({ database: 'ok', redis: expect.stringContaining('ECONNREFUSED') });
    // The local Redis has no password: an AUTH is refused, and so is readiness.
    const refused = await ready(undefined, { REDIS_URL: 'redis://:sbagliata@127.0.0.1:6379' });
    expect(refused.status).toBe(503);
    expect(refused.body.checks.redis).toMatch(/AUTH|password/i);
  });

  it('is not ready when the database does not answer', async () => {
    const down = await ready(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    });
    expect(down).toEqual({ status: 503, body: expect.objectContaining({ checks: { database: 'connect ECONNREFUSED 127.0.0.1:5432' } }) });
  });

  it('is not ready on a database behind the latest migration', async () => {
    // The latest migration forgotten inside a transaction that is then rolled back: the file's database stays whole.
    const rollback = new Error('rollback');
    let result: Awaited<ReturnType<typeof ready>> | undefined;
    await expect(
      db().transaction(async (tx) => {
        await tx.execute(
          sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
        );
        result = await ready(async () => tx as unknown as Database);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(result?.status).toBe(503);
    expect(result?.body.checks.database).toContain("non è aggiornato all'ultima migrazione");
    expect((await ready()).status).toBe(200);
  });

  it('turns 503 as soon as the instance starts draining, without asking anything', async () => {
    startDraining();
    const draining = await ready(async () => {
      throw new Error('must not be asked');
    });
    expect(draining).toEqual({
      status: 503,
      body: expect.objectContaining({ title: 'Istanza in arresto', checks: { draining: 'in arresto' } }),
    });
  });
});
