import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics } from './registry';
import { routeLabel, type RouteLabelOptions } from './route-label';

/*
 * Every HTTP request the process answers (pages, route handlers, server actions, static files), counted by
 * route pattern, method and status and timed, from Node's own http.server diagnostics channels: they see the
 * request as received, before Next's routing and rewrites, and the response when it is finished, whatever
 * part of Next answered it. A request the client aborts before its response ends is not counted.
 */

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The `method` label: the standard methods, anything else as `other` (clients choose this string). */
export function methodLabel(method: string | undefined): string {
  return method && METHODS.has(method) ? method : 'other';
}

const holder = globalThis as typeof globalThis & { __portaleHttpInstrumented?: boolean };

/** Subscribes once per process. */
export function instrumentHttpServer(options: RouteLabelOptions): void {
  if (holder.__portaleHttpInstrumented) return;
  holder.__portaleHttpInstrumented = true;
  const { httpRequests, httpDuration } = metrics();
  const started = new WeakMap<IncomingMessage, { route: string; at: bigint }>();
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    started.set(request, { route: routeLabel(request.headers.host, request.url ?? '/', options), at: process.hrtime.bigint() });
  });
  subscribe('http.server.response.finish', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const start = started.get(request);
    if (!start) return;
    started.delete(request);
    const method = methodLabel(request.method);
    httpRequests.inc({ route: start.route, method, status: String(response.statusCode) });
    httpDuration.observe({ route: start.route, method }, Number(process.hrtime.bigint() - start.at) / 1e9);
  });
}
