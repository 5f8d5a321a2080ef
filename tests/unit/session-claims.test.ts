import { sessionFromClaims } from '@/lib/auth/session';

const STAFF = { userId: '6f1c2a9e-2b1d-4f7a-9c1e-0a1b2c3d4e5f', name: 'Sara Bonetti', method: 'password' };
const CITIZEN = { fiscalCode: 'RCCMNL83S18D969H', name: 'Emanuele Rocca', method: 'spid', level: 2, provider: 'https://idp.example' };

describe('sessionFromClaims', () => {
  it('rebuilds a staff session and a citizen session', () => {
    expect(sessionFromClaims(STAFF)).toEqual({ ...STAFF, fiscalCode: undefined, level: undefined, provider: undefined, saml: undefined });
    expect(sessionFromClaims({ ...CITIZEN, saml: { nameId: 'n1', sessionIndex: 's1' } })).toEqual({
      ...CITIZEN,
      userId: undefined,
      saml: { nameId: 'n1', sessionIndex: 's1' },
    });
  });

  it.each([
    ['no claims', {}],
    ['no method', { ...STAFF, method: undefined }],
    ['an unknown method', { ...STAFF, method: 'magic' }],
    ['a method of another case', { ...STAFF, method: 'SPID' }],
    ['a method that is an array', { ...STAFF, method: ['spid'] }],
    ['no name', { ...STAFF, name: undefined }],
    ['a null name', { ...STAFF, name: null }],
    ['a name that is a number', { ...STAFF, name: 42 }],
    ['neither user nor fiscal code', { name: 'X', method: 'spid' }],
    ['a user id that is not a string', { name: 'X', method: 'password', userId: 7 }],
    ['a fiscal code that is an object', { name: 'X', method: 'spid', fiscalCode: { toString: (): string => 'RCCMNL83S18D969H' } }],
    ['an empty user id and fiscal code', { name: 'X', method: 'spid', userId: '', fiscalCode: '' }],
  ])('refuses %s', (_label, claims) => {
    expect(sessionFromClaims(claims as Record<string, unknown>)).toBeUndefined();
  });

  it('drops an odd level or provider rather than trusting it', () => {
    for (const level of [0, 4, '2', 2.5, null]) expect(sessionFromClaims({ ...CITIZEN, level })?.level).toBeUndefined();
    expect(sessionFromClaims({ ...CITIZEN, provider: ['a'] })?.provider).toBeUndefined();
  });

  it('never lets a claim named like a role through', () => {
    const session = sessionFromClaims({ ...STAFF, role: 'cit_admin', platformRole: 'cit_admin', roles: ['ente_admin'] });
    expect(session && Object.keys(session).sort()).toEqual(['fiscalCode', 'level', 'method', 'name', 'provider', 'saml', 'userId']);
  });

  it('keeps a SAML logout claim only when it has the shape a LogoutRequest needs', () => {
    for (const saml of [[], 'n1', { nameId: '' }, { nameId: 42 }, { nameId: 'n'.repeat(257) }, { nameId: 'n1', sessionIndex: ['s'] }]) {
      expect(sessionFromClaims({ ...CITIZEN, saml })?.saml).toBeUndefined();
    }
  });
});
