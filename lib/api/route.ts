import { getDb } from '@/db';
import { problem } from '@/lib/http/problem';
import { findRequestEnte } from '@/lib/tenancy/current-ente';
import { handleApiRequest, type ApiContext } from './http';
import type { ApiScope } from './scopes';

type RouteParams<P> = { params: Promise<P & { slug: string }> };

/**
 * A Next route handler for /api/v1 on an Ente's host (the middleware rewrites it under /ente/<slug>):
 * the Ente is the one the Host names, checked again against the path; then the key and its `scope`, the
 * rate limit and the handler (handleApiRequest).
 */
export function apiRoute<P extends Record<string, string>>(
  scope: ApiScope,
  handler: (request: Request, context: ApiContext, params: P) => Promise<Response>,
) {
  return async (request: Request, { params }: RouteParams<P>): Promise<Response> => {
    const { slug, ...rest } = await params;
    const ente = await findRequestEnte(slug);
    if (!ente) return problem(404, 'Ente non trovato');
    return handleApiRequest(request, { db: await getDb(), ente, now: new Date() }, scope, (context) =>
      handler(request, context, rest as unknown as P),
    );
  };
}
