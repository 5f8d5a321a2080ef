import type { Database } from '@/db';
import { readConfig } from '@/lib/config';
import { problem } from '@/lib/http/problem';
import { matchesDigest, sha256Hex } from '@/lib/partners/secrets';
import { collectDatabaseGauges } from './database-gauges';
import { metrics } from './registry';

/*
 * `GET /api/metrics`, Prometheus' text format. It answers on any host (lib/tenancy/routing.ts): Prometheus
 * scrapes each instance by its own address, which is no portal's host, and only per instance are the
 * process and HTTP figures meaningful. Off (404, as if absent) until METRICS_TOKEN is set; then only
 * `Authorization: Bearer <token>` reads it, compared in constant time. Never cached.
 */

const BEARER = /^Bearer ([\x21-\x7e]{1,500})$/i;

function presentedToken(header: string | null): string | null {
  return BEARER.exec(header ?? '')?.[1] ?? null;
}

export async function handleMetricsRequest(request: Request, database: () => Promise<Database>): Promise<Response> {
  const { METRICS_TOKEN } = readConfig();
  if (!METRICS_TOKEN) return problem(404, 'Risorsa non trovata');
  const token = presentedToken(request.headers.get('authorization'));
  if (!token || !matchesDigest(token, sha256Hex(METRICS_TOKEN)))
    return problem(401, 'Token delle metriche assente o errato', undefined, undefined, { 'www-authenticate': 'Bearer realm="metrics"' });
  await collectDatabaseGauges(database);
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}
