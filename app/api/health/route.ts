import { getDb } from '@/db';
import { pingDatabase } from '@/db/client';
import { problem } from '@/lib/http/problem';

/** Load balancer probe: the app is up and its database answers. */
export async function GET() {
  try {
    await pingDatabase(await getDb());
    return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return problem(503, 'Database non raggiungibile');
  }
}

export const dynamic = 'force-dynamic';
