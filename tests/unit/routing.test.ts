import { NOT_FOUND_PATH, routeRequest } from '@/lib/tenancy/routing';

const ente = { kind: 'ente', slug: 'valmora' } as const;
const provincia = { kind: 'provincia' } as const;
const invalid = { kind: 'invalid' } as const;

describe('routeRequest', () => {
  it("rewrites an Ente's paths under its internal route", () => {
    expect(routeRequest('/', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora' });
    expect(routeRequest('/servizi/mensa', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/servizi/mensa' });
    expect(routeRequest('/admin', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/admin' });
  });

  it('rewrites the base domain to the provincial site', () => {
    expect(routeRequest('/', provincia)).toEqual({ type: 'rewrite', pathname: '/provincia' });
    expect(routeRequest('/cit', provincia)).toEqual({ type: 'rewrite', pathname: '/provincia/cit' });
  });

  it('refuses the internal paths themselves, from any host', () => {
    for (const target of [ente, provincia, invalid]) {
      expect(routeRequest('/ente/valmora', target)).toEqual({ type: 'not-found' });
      expect(routeRequest('/ente', target)).toEqual({ type: 'not-found' });
      expect(routeRequest('/provincia/cit', target)).toEqual({ type: 'not-found' });
      expect(routeRequest(NOT_FOUND_PATH, target)).toEqual({ type: 'not-found' });
    }
  });

  it('does not mistake look-alike paths for internal ones', () => {
    expect(routeRequest('/enteX', ente)).toEqual({ type: 'rewrite', pathname: '/ente/valmora/enteX' });
    expect(routeRequest('/provinciale', provincia)).toEqual({ type: 'rewrite', pathname: '/provincia/provinciale' });
  });

  it('answers 404 for unknown hosts', () => {
    expect(routeRequest('/', invalid)).toEqual({ type: 'not-found' });
  });

  it('passes partner callbacks and the health probe through on every host', () => {
    for (const target of [ente, provincia, invalid]) {
      expect(routeRequest('/api/partners/sandbox/callbacks', target)).toEqual({ type: 'pass' });
      expect(routeRequest('/api/health', target)).toEqual({ type: 'pass' });
      expect(routeRequest('/api/auth/session', target)).toEqual({ type: 'pass' });
      expect(routeRequest('/sandbox/checkout/abc', target)).toEqual({ type: 'pass' });
    }
  });
});
