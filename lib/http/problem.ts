/** RFC 9457 problem details for machines; `title` is written for the person who reads the log. */
export function problem(status: number, title: string, detail?: string, extra?: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ type: 'about:blank', status, title, ...(detail ? { detail } : {}), ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  });
}
