import { createServer, type AddressInfo } from 'node:net';
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
    const refusedPort = await ready(undefined, { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(refusedPort.status).toBe(503);
    expect(refusedPort.body.checks).toEqual({ database: 'ok', redis: expect.stringContaining('ECONNREFUSED') });
    // Credentials Redis refuses (a user the local Redis does not have) make the instance not ready. A password
    // alone is not enough to test it: the local default user has none and then accepts any.
    const refused = await ready(undefined, { REDIS_URL: 'redis://nessuno:sbagliata@127.0.0.1:6379' });
    expect(refused.status).toBe(503);
    expect(refused.body.checks.redis).toMatch(/WRONGPASS/);
    // A server that accepts and never answers: not ready, and the probe's connection does not stay open.
    const silent = createServer();
    const probeClosed = new Promise<void>((resolve) => {
      silent.once('connection', (socket) =>
        socket
          .resume()
          .on('error', () => undefined)
          .once('close', () => resolve()),
      );
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const mute = await ready(undefined, { REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(mute.status).toBe(503);
      expect(mute.body.checks.redis).toMatch(/nessuna risposta|timeout/i);
      await probeClosed;
    } finally {
      silent.close();
    }
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
