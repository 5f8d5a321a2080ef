import { sql } from 'drizzle-orm';
import { getDb } from '@/db';

/** Load balancer probe: the app is up and its database answers. */
export async function GET() {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json(
      { type: 'about:blank', title: 'Database non raggiungibile', status: 503 },
      { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' } },
    );
  }
}

export const dynamic = 'force-dynamic';
