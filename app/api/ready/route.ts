import { getDb } from '@/db';
import { handleReadinessRequest } from '@/lib/health/readiness';

/** Load balancer readiness probe: see `handleReadinessRequest`. */
export async function GET() {
  return handleReadinessRequest(getDb);
}

export const dynamic = 'force-dynamic';
