import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { readConfig } from '@/lib/config';
import { readLimitedBody } from '@/lib/http/limited-body';
import { problem } from '@/lib/http/problem';

/**
 * Created by the benchmark in its own throw-away database, never by a migration: a portal database has
 * no such table, so even a route switched on by mistake writes nothing there.
 */
export const BENCH_INSERT_TABLE_DDL =
  'create table bench_inserts (id bigint generated always as identity primary key, body bytea not null)';

/**
 * The anchor of the callback benchmark (bench/callbacks.ts): a route on the same server, through the same
 * middleware, that reads a body as the callback endpoint does and stores it with one plain INSERT. 404
 * unless BENCH_ROUTES_ENABLED, which production refuses.
 */
export async function handleBenchInsert(request: Request, database: () => Promise<Database>): Promise<Response> {
  const config = readConfig();
  if (!config.BENCH_ROUTES_ENABLED) return problem(404, 'Risorsa non trovata');
  const read = await readLimitedBody(request, config.CALLBACK_MAX_BODY_BYTES);
  if (!read.ok) return problem(413, `Corpo della richiesta oltre ${config.CALLBACK_MAX_BODY_BYTES} byte`);
  const db = await database();
  await db.execute(sql`insert into bench_inserts (body) values (${read.bytes})`);
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
