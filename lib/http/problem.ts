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

/** What to tell a person who tried too often, in words they can act on. */
export function tooManyAttemptsMessage(retryAfterSeconds: number, what: string): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Troppi tentativi di ${what}: riprova tra ${minutes} ${minutes === 1 ? 'minuto' : 'minuti'}.`;
}

/** 429 with Retry-After. */
export function tooManyRequests(retryAfterSeconds: number, what: string): Response {
  return problem(429, tooManyAttemptsMessage(retryAfterSeconds, what), undefined, undefined, { 'retry-after': String(retryAfterSeconds) });
}
