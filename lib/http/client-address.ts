/**
 * The client's address, for rate limits and logs. Next sets X-Forwarded-For only when it is absent, so
 * a client can send its own; the trustworthy entry is the one appended by our nearest proxy, `hops`
 * entries from the right (nginx with `proxy_add_x_forwarded_for`: hops = 1).
 */
export function clientAddress(headers: Headers, hops: number): string {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const chosen = entries[Math.max(0, entries.length - hops)] ?? headers.get('x-real-ip') ?? '';
  return /^[0-9a-fA-F:.[\]]{2,45}$/.test(chosen) ? chosen : 'sconosciuto';
}
