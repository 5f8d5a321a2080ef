import { randomUUID } from 'node:crypto';
import { withRequestId } from '@/lib/logger';

/*
 * The id that ties together the log lines of one request. The proxy in front of the instances (nginx:
 * `proxy_set_header X-Request-Id $request_id`, the proxy counted by TRUSTED_PROXY_HOPS) replaces whatever a
 * client sent, so an incoming id is the proxy's and is kept, letting its access log and ours be joined. Without
 * a proxy a client could name its own requests: that can only mislabel its own lines, and the strict format
 * keeps anything else (log injection, huge values) out.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** The incoming id when it is well formed, otherwise a new one. */
export function requestIdFor(incoming: string | null | undefined): string {
  return incoming && WELL_FORMED.test(incoming) ? incoming : randomUUID();
}

/** Runs a route handler's work with `requestLog()` bound to the id the middleware put on its request. */
export function withRequestIdOf<T>(request: Request, work: () => T): T {
  return withRequestId(request.headers.get(REQUEST_ID_HEADER), work);
}
