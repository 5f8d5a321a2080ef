/**
 * Host header → which site is asked for. Pure and dependency-free: it runs in the middleware (edge
 * runtime) and again in server components, which never trust the rewritten path alone.
 */
export type HostTarget = { kind: 'provincia' } | { kind: 'ente'; slug: string } | { kind: 'invalid' };

/** DNS label rules for a slug; punycode (`xn--`) labels are refused: no Ente has an IDN slug. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isValidSlug(value: string): boolean {
  return SLUG.test(value) && !value.startsWith('xn--');
}

/** Lower-cases and drops the port and a trailing dot: `Comune-X.Localhost.:3000` → `comune-x.localhost`. */
export function hostnameOf(host: string): string | null {
  let value = host.trim().toLowerCase();
  if (value === '') return null;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    value = value.slice(0, end + 1);
  } else {
    const colon = value.indexOf(':');
    if (colon >= 0) {
      if (!/^:[0-9]{1,5}$/.test(value.slice(colon))) return null;
      value = value.slice(0, colon);
    }
  }
  if (value.endsWith('.')) value = value.slice(0, -1);
  // Only plain ASCII hostnames: browsers send IDNs as punycode, anything else is forged or broken.
  if (!/^[a-z0-9.\-[\]:]+$/.test(value) || value.includes('..')) return null;
  return value;
}

export function parseHost(hostHeader: string | null | undefined, baseDomain: string): HostTarget {
  if (!hostHeader) return { kind: 'invalid' };
  const host = hostnameOf(hostHeader);
  const base = hostnameOf(baseDomain);
  if (!host || !base) return { kind: 'invalid' };
  if (host === base || host === `www.${base}`) return { kind: 'provincia' };
  if (!host.endsWith(`.${base}`)) return { kind: 'invalid' };
  let label = host.slice(0, -(base.length + 1));
  if (label.startsWith('www.')) label = label.slice(4);
  if (!isValidSlug(label)) return { kind: 'invalid' };
  return { kind: 'ente', slug: label };
}
