import { hostnameOf, isValidSlug, parseHost } from '@/lib/tenancy/host';

const BASE = 'localhost:3000';

describe('parseHost', () => {
  it('maps an Ente subdomain to its slug, with or without the port', () => {
    expect(parseHost('comune-demo.localhost:3000', BASE)).toEqual({ kind: 'ente', slug: 'comune-demo' });
    expect(parseHost('comune-demo.localhost', BASE)).toEqual({ kind: 'ente', slug: 'comune-demo' });
    expect(parseHost('comune-demo.localhost:8080', BASE)).toEqual({ kind: 'ente', slug: 'comune-demo' });
  });

  it('is case-insensitive and ignores a trailing dot', () => {
    expect(parseHost('Comune-Demo.LOCALHOST:3000', BASE)).toEqual({ kind: 'ente', slug: 'comune-demo' });
    expect(parseHost('comune-demo.localhost.:3000', BASE)).toEqual({ kind: 'ente', slug: 'comune-demo' });
  });

  it('treats the bare base domain and www. as the provincial site', () => {
    expect(parseHost('localhost:3000', BASE)).toEqual({ kind: 'provincia' });
    expect(parseHost('www.localhost:3000', BASE)).toEqual({ kind: 'provincia' });
    expect(parseHost('pagamenti.provincia.brescia.it', 'pagamenti.provincia.brescia.it')).toEqual({ kind: 'provincia' });
  });

  it('drops a www. in front of an Ente subdomain', () => {
    expect(parseHost('www.valmora.pagamenti.provincia.brescia.it', 'pagamenti.provincia.brescia.it')).toEqual({
      kind: 'ente',
      slug: 'valmora',
    });
  });

  it('rejects a missing or empty Host header', () => {
    expect(parseHost(null, BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost(undefined, BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('   ', BASE)).toEqual({ kind: 'invalid' });
  });

  it('rejects hosts outside the base domain, including look-alikes', () => {
    expect(parseHost('example.com', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('comune-demo.localhost.evil.com', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('comune-demolocalhost', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('127.0.0.1:3000', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('[::1]:3000', BASE)).toEqual({ kind: 'invalid' });
  });

  it('rejects IDN, punycode and other junk in the label', () => {
    expect(parseHost('cömune.localhost:3000', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('xn--cmune-jua.localhost:3000', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('comune_demo.localhost', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('-comune.localhost', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('comune-.localhost', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('a.b.localhost', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('..localhost', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('comune.localhost:30a0', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('comune.localhost:3000:3000', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost('comune demo.localhost', BASE)).toEqual({ kind: 'invalid' });
    expect(parseHost(`${'a'.repeat(64)}.localhost`, BASE)).toEqual({ kind: 'invalid' });
  });
});

describe('hostnameOf', () => {
  it('keeps IPv6 literals and strips their port', () => {
    expect(hostnameOf('[::1]:3000')).toBe('[::1]');
    expect(hostnameOf('[::1')).toBeNull();
  });
});

describe('isValidSlug', () => {
  it('accepts DNS labels and refuses punycode', () => {
    expect(isValidSlug('castel-oglio')).toBe(true);
    expect(isValidSlug('a')).toBe(true);
    expect(isValidSlug('xn--abc')).toBe(false);
    expect(isValidSlug('Comune')).toBe(false);
  });
});
