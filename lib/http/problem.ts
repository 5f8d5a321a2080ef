/** RFC 9457 problem details for machines; `title` is written for the person who reads it. */
export function problem(
  status: number,
  title: string,
  detail?: string,
  extra?: Record<string, unknown>,
  headers?: Record<string, string>,
): Response {
  return new Response(JSON.stringify({ type: 'about:blank', status, title, ...(detail ? { detail } : {}), ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
  });
}

/** 429 with Retry-After, in words a person can act on. */
export function tooManyRequests(retryAfterSeconds: number, what: string): Response {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return problem(429, `Troppi tentativi di ${what}: riprova tra ${minutes} ${minutes === 1 ? 'minuto' : 'minuti'}.`, undefined, undefined, {
    'retry-after': String(retryAfterSeconds),
  });
}
