import { ConfigError, parseConfig } from '@/lib/config';
import { createHash } from 'node:crypto';
import {
  ZOD_JITLESS_SCRIPT,
  cachedPagePolicy,
  contentSecurityPolicy,
  newNonce,
  nonceOf,
  strictTransportSecurity,
} from '@/lib/security/response-headers';

const production = { nonce: 'abc123', scheme: 'https', baseDomain: 'pagamenti.provincia.brescia.it', development: false } as const;

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((d) => {
      const [name, ...values] = d.split(' ');
      return [name!, values];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('lets scripts run only with the nonce, without inline or eval, in production', () => {
    const script = directives(contentSecurityPolicy(production)).get('script-src')!;
    expect(script).toContain("'nonce-abc123'");
    expect(script).toContain("'strict-dynamic'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy(production)).get('style-src')).toEqual(["'self'", "'nonce-abc123'"]);
  });

  it('forbids framing, plugins and a foreign <base>', () => {
    const policy = directives(contentSecurityPolicy(production));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it("lets forms post only to the portal's own sites", () => {
    expect(directives(contentSecurityPolicy(production)).get('form-action')).toEqual([
      "'self'",
      'https://pagamenti.provincia.brescia.it',
      'https://*.pagamenti.provincia.brescia.it',
    ]);
    expect(directives(contentSecurityPolicy({ ...production, scheme: 'http', baseDomain: 'localhost:3000' })).get('form-action')).toEqual([
      "'self'",
      'http://localhost:3000',
      'http://*.localhost:3000',
    ]);
  });

  it('upgrades insecure requests only on https', () => {
    expect(contentSecurityPolicy(production)).toMatch(/upgrade-insecure-requests$/);
    expect(contentSecurityPolicy({ ...production, scheme: 'http' })).not.toContain('upgrade-insecure-requests');
  });

  it("allows eval and injected styles only for next dev's fast refresh", () => {
    const dev = directives(contentSecurityPolicy({ ...production, development: true }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    expect(dev.get('style-src')).toContain("'unsafe-inline'");
    expect(dev.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('cannot be broken out of: the base domain admits only a host name, the nonce only base64', () => {
    for (const hostile of ['pagamenti.it; script-src *', "pagamenti.it 'unsafe-inline'", 'pagamenti.it\r\nSet-Cookie: x=1']) {
      expect(() => parseConfig({ PORTAL_BASE_DOMAIN: hostile })).toThrow(ConfigError);
    }
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });
});

describe('the two policies', () => {
  const { nonce: _nonce, ...shared } = production;

  it("lets zod's one inline line run under the nonce policy by its hash, and nothing else inline", () => {
    const script = directives(contentSecurityPolicy(production)).get('script-src')!;
    const hash = `'sha256-${createHash('sha256').update(ZOD_JITLESS_SCRIPT).digest('base64')}'`;
    expect(script).toEqual(["'self'", "'nonce-abc123'", hash, "'strict-dynamic'"]);
  });

  it('gives the cached pages no nonce, inline scripts from the portal only, never eval', () => {
    const policy = cachedPagePolicy(shared);
    expect(policy).not.toContain('nonce');
    expect(directives(policy).get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives(policy).get('style-src')).toEqual(["'self'"]);
    expect(cachedPagePolicy({ ...shared, development: true })).toContain("'unsafe-eval'");
  });

  it('keeps every other directive of the nonce policy on the cached pages', () => {
    const strict = directives(contentSecurityPolicy(production));
    const cached = directives(cachedPagePolicy({ ...shared, formTargets: ['https://idp.example.it'] }));
    for (const name of ['default-src', 'img-src', 'font-src', 'connect-src', 'object-src', 'base-uri', 'frame-ancestors'])
      expect([name, cached.get(name)]).toEqual([name, strict.get(name)]);
    expect(cached.get('form-action')).toContain('https://idp.example.it');
    expect(cached.has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('newNonce', () => {
  it('is different for every request', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => newNonce()));
    expect(nonces.size).toBe(1000);
  });
});

describe('nonceOf', () => {
  it('reads back the nonce of the policy, and nothing from a request without one', () => {
    const nonce = newNonce();
    expect(nonceOf(contentSecurityPolicy({ ...production, nonce }))).toBe(nonce);
    expect(nonceOf(null)).toBeUndefined();
    expect(nonceOf("default-src 'self'")).toBeUndefined();
  });
});

describe('strictTransportSecurity', () => {
  it('covers the subdomains of every Ente when the portal runs on https, and is absent on http', () => {
    expect(strictTransportSecurity('https')).toBe('max-age=63072000; includeSubDomains');
    expect(strictTransportSecurity('http')).toBeNull();
  });
});
