import { getDb } from '@/db';
import { handleMetricsRequest } from '@/lib/metrics/endpoint';

/** Prometheus metrics of this instance, behind METRICS_TOKEN: see `handleMetricsRequest`. */
export async function GET(request: Request) {
  return handleMetricsRequest(request, getDb);
}

export const dynamic = 'force-dynamic';
