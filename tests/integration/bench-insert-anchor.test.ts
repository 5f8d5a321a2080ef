import { sql } from 'drizzle-orm';
import { BENCH_INSERT_TABLE_DDL, handleBenchInsert } from '@/lib/bench/insert-anchor';
import { rowsOf } from '@/lib/jobs/queue';
import { withTestDatabase } from '../support/test-db';

/* The benchmark's anchor route (bench/callbacks.ts): off unless switched on, then one INSERT per request. */

const { db } = withTestDatabase({ seed: false });

function post(body: string): Request {
  return new Request('http://localhost/api/bench/insert', { method: 'POST', body });
}

async function withBenchRoutes<T>(value: string | undefined, work: () => Promise<T>): Promise<T> {
  const previous = process.env.BENCH_ROUTES_ENABLED;
  if (value === undefined) delete process.env.BENCH_ROUTES_ENABLED;
  else process.env.BENCH_ROUTES_ENABLED = value;
  try {
    return await work();
  } finally {
    if (previous === undefined) delete process.env.BENCH_ROUTES_ENABLED;
    else process.env.BENCH_ROUTES_ENABLED = previous;
  }
}

describe('POST /api/bench/insert', () => {
  it('is a 404 problem unless BENCH_ROUTES_ENABLED, without touching the database', async () => {
    for (const value of [undefined, 'false']) {
      const response = await withBenchRoutes(value, () =>
        handleBenchInsert(post('{}'), () => Promise.reject(new Error('nessun database'))),
      );
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('switched on, stores each body with one INSERT into the table the benchmark created, and refuses a huge one', async () => {
    await db().execute(sql.raw(BENCH_INSERT_TABLE_DDL));
    await withBenchRoutes('true', async () => {
      for (const body of ['{"n":1}', '{"n":2}']) expect((await handleBenchInsert(post(body), async () => db())).status).toBe(200);
      expect((await handleBenchInsert(post('x'.repeat(256 * 1024 + 1)), async () => db())).status).toBe(413);
    });
    const rows = rowsOf<{ body: string }>(
      await db().execute(sql`select convert_from(body, 'UTF8') as "body" from bench_inserts order by id`),
    );
    expect(rows.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}']);
  });
});
