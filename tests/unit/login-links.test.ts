import { loginLinks, loginReturnPath, staffReturnPath } from '@/lib/auth/login-links';
import type { LoginChoices } from '@/lib/auth/identity-providers';

const CHOICES: LoginChoices = {
  spid: [
    { entityId: 'https://idp.uno.example/metadata', name: 'Uno ID' },
    { entityId: 'https://idp.due.example/saml?x=1&y=2', name: 'Due ID' },
    { entityId: 'https://idp.tre.example', name: 'Tre ID' },
  ],
  cie: { entityId: 'https://cie.example/idp', name: 'CIE' },
  oidc: { name: 'BresciaGOV' },
};

describe('the login links', () => {
  it('point at /accedi/<metodo> on the same host, with the IdP and the return path encoded', () => {
    const links = loginLinks(CHOICES, '/area-personale?anno=2026&x=a b', (n) => n - 1);
    expect(links.spid.map((l) => l.name)).toEqual(['Uno ID', 'Due ID', 'Tre ID']);
    const due = new URL(links.spid[1]!.href, 'http://comune-demo.localhost:3000');
    expect(due.host).toBe('comune-demo.localhost:3000');
    expect(due.pathname).toBe('/accedi/spid');
    expect(due.searchParams.get('idp')).toBe('https://idp.due.example/saml?x=1&y=2');
    expect(due.searchParams.get('ritorno')).toBe('/area-personale?anno=2026&x=a b');
    expect([...due.searchParams.keys()]).toEqual(['idp', 'ritorno']);
    expect(links.cie?.href).toBe('/accedi/cie?ritorno=%2Farea-personale%3Fanno%3D2026%26x%3Da+b');
    expect(links.oidc).toEqual({ name: 'BresciaGOV', href: '/accedi/oidc?ritorno=%2Farea-personale%3Fanno%3D2026%26x%3Da+b' });
    for (const link of [...links.spid, links.cie!, links.oidc!]) expect(link.href.startsWith('/accedi/')).toBe(true);
  });

  it('list every SPID IdP once, in a shuffled order', () => {
    const seen = new Set<string>();
    for (let run = 0; run < 200; run++) {
      const names = loginLinks(CHOICES, '/').spid.map((l) => l.name);
      expect([...names].sort()).toEqual(['Due ID', 'Tre ID', 'Uno ID']);
      seen.add(names.join());
    }
    expect(seen.size).toBe(6);
  });

  it('offer nothing that is not configured', () => {
    expect(loginLinks({ spid: [], cie: undefined, oidc: undefined }, '/')).toEqual({ spid: [], cie: undefined, oidc: undefined });
  });
});

describe('the return path of a login page (?ritorno=)', () => {
  it.each([
    ['/area-personale', '/area-personale'],
    ['/servizi/mensa?anno=2026', '/servizi/mensa?anno=2026'],
    [['/carrello', '//evil.example'], '/carrello'],
  ])('keeps a path of this site: %p', (raw, expected) => {
    expect(loginReturnPath(raw, '/area-personale')).toBe(expected);
  });

  it.each([
    undefined,
    '',
    '//evil.example',
    '//evil.example/area-personale',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'http:/evil.example',
    'javascript:alert(1)',
    'area-personale',
    ' /area-personale',
    '/area personale',
    '/x\r\nSet-Cookie: a=b',
    '/x\ty',
    '/' + 'a'.repeat(500),
    '/' + 'a'.repeat(100_000),
    ['//evil.example', '/carrello'],
    [],
    '/accedi',
    '/accedi?ritorno=/accedi',
    '/accedi/spid?idp=x',
    '/admin/accedi',
    '/cit/accedi#x',
  ])('falls back for %p', (raw) => {
    expect(loginReturnPath(raw as string | string[] | undefined, '/area-personale')).toBe('/area-personale');
  });

  it('keeps a staff login inside its back office', () => {
    expect(staffReturnPath('/admin/posizioni?stato=aperte', '/admin')).toBe('/admin/posizioni?stato=aperte');
    expect(staffReturnPath('/admin', '/admin')).toBe('/admin');
    expect(staffReturnPath('/cit/enti', '/cit')).toBe('/cit/enti');
    for (const raw of ['/area-personale', '/cit', '/administrator', '/admin/accedi', '//evil.example/admin', undefined, '/admin\\x']) {
      expect(staffReturnPath(raw, '/admin')).toBe('/admin');
    }
    expect(staffReturnPath('/admin', '/cit')).toBe('/cit');
  });
});
