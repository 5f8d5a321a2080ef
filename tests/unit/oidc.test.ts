import { fiscalCodeFromClaim, identityFromClaims } from '@/lib/auth/oidc/identity';
import { OIDC_ERRORS, oidcErrorPath, oidcErrorSchema, oidcErrorText } from '@/lib/auth/oidc/error-pages';
import { oidcSettings } from '@/lib/auth/oidc/provider';
import { ConfigError, parseConfig } from '@/lib/config';
import { routeRequest } from '@/lib/tenancy/routing';

const ISSUER = 'https://login.bresciagov.example';
const OIDC = { OIDC_ISSUER: ISSUER, OIDC_CLIENT_ID: 'portale', OIDC_CLIENT_SECRET: 's3greto' };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('OIDC configuration', () => {
  it('is off unless issuer, client id and secret are all set; the redirect URI is the base domain’s', () => {
    expect(oidcSettings(parseConfig({}))).toBeUndefined();
    const settings = oidcSettings(parseConfig({ ...OIDC, PORTAL_BASE_DOMAIN: 'pagamenti.provincia.example', PORTAL_SCHEME: 'https' }));
    expect(settings).toEqual({
      issuer: ISSUER,
      clientId: 'portale',
      clientSecret: 's3greto',
      scope: 'openid profile email',
      fiscalCodeClaim: 'fiscal_number',
      redirectUri: 'https://pagamenti.provincia.example/oidc/callback',
    });
  });

  it('takes the scope and the fiscal code claim from the environment, and refuses odd values', () => {
    const settings = oidcSettings(
      parseConfig({ ...OIDC, OIDC_SCOPE: 'openid profile spid', OIDC_FISCAL_CODE_CLAIM: 'https://attributes.example/cf' }),
    );
    expect(settings?.scope).toBe('openid profile spid');
    expect(settings?.fiscalCodeClaim).toBe('https://attributes.example/cf');
    expect(problemsOf({ ...OIDC, OIDC_SCOPE: 'profile email' })).toEqual(['OIDC_SCOPE: deve contenere openid']);
    expect(problemsOf({ ...OIDC, OIDC_SCOPE: 'openid  "profile"' })).toEqual([
      'OIDC_SCOPE: deve essere un elenco di scope separati da spazi',
    ]);
    expect(problemsOf({ ...OIDC, OIDC_FISCAL_CODE_CLAIM: 'codice fiscale' })).toEqual([
      'OIDC_FISCAL_CODE_CLAIM: deve essere il nome di un claim',
    ]);
  });

  it('refuses an http issuer in production (but in a local trial over http) and a partial setting anywhere', () => {
    const production = {
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(32),
      PARTNER_SECRETS_KEY: 'y'.repeat(32),
      PORTAL_SCHEME: 'https',
      SPID_ENABLED: 'false',
    };
    expect(problemsOf({ ...production, ...OIDC, OIDC_ISSUER: 'http://login.example' })).toEqual([
      'OIDC_ISSUER: in produzione deve essere un URL https:// (ALLOW_INSECURE_HTTP=true solo per una prova locale)',
    ]);
    const trial = { ...production, PORTAL_SCHEME: 'http', ALLOW_INSECURE_HTTP: 'true' };
    expect(problemsOf({ ...trial, ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:4000' })).toEqual([]);
    expect(problemsOf({ OIDC_ISSUER: ISSUER })).toEqual([expect.stringMatching(/tutte e tre/)]);
  });
});

describe('the callback route', () => {
  it('is routed to the provincial site on the base domain, and to an Ente path with no route on an Ente host', () => {
    const options = { sandboxEnabled: false };
    expect(routeRequest('/oidc/callback', { kind: 'provincia' }, options)).toEqual({
      type: 'rewrite',
      pathname: '/provincia/oidc/callback',
    });
    expect(routeRequest('/oidc/callback', { kind: 'ente', slug: 'valmora' }, options)).toEqual({
      type: 'rewrite',
      pathname: '/ente/valmora/it/oidc/callback',
      locale: 'it',
    });
    expect(routeRequest('/provincia/oidc/callback', { kind: 'ente', slug: 'valmora' }, options)).toEqual({ type: 'not-found' });
  });
});

describe('claims → identity', () => {
  const person = { sub: 'x', given_name: 'Mario', family_name: 'Rossi', email: 'Mario.Rossi@Example.org' };

  it.each([
    ['TINIT-RSSMRA80A01H501U', 'RSSMRA80A01H501U'],
    ['rssmra80a01h501u', 'RSSMRA80A01H501U'],
    [' tinit-RSSMRA80A01H501U ', 'RSSMRA80A01H501U'],
    ['TINIT-RSSMRA80A01H501X', undefined], // wrong check character
    ['TINUK-RSSMRA80A01H501U', undefined], // another country
    ['VATIT-12345678901', undefined],
    ['RSSMRA80A01H501U'.repeat(3), undefined],
    [12345, undefined],
    [['RSSMRA80A01H501U'], undefined],
  ])('fiscal code claim %p → %p', (claim, expected) => {
    expect(fiscalCodeFromClaim(claim)).toBe(expected);
  });

  it('maps the claims to the ticket identity, from the configured claim', () => {
    expect(identityFromClaims({ ...person, fiscal_number: 'TINIT-RSSMRA80A01H501U' }, 'fiscal_number', ISSUER)).toEqual({
      ok: true,
      identity: {
        fiscalCode: 'RSSMRA80A01H501U',
        givenName: 'Mario',
        familyName: 'Rossi',
        email: 'mario.rossi@example.org',
        method: 'oidc',
        provider: ISSUER,
      },
    });
    expect(identityFromClaims({ ...person, cf: 'RSSMRA80A01H501U' }, 'cf', ISSUER).ok).toBe(true);
    expect(identityFromClaims({ ...person, cf: 'RSSMRA80A01H501U' }, 'fiscal_number', ISSUER)).toEqual({
      ok: false,
      reason: 'fiscal_code_missing',
    });
  });

  it('refuses a missing or invalid fiscal code and a missing name; drops an unusable e-mail', () => {
    expect(identityFromClaims({ ...person, fiscal_number: '' }, 'fiscal_number', ISSUER)).toEqual({
      ok: false,
      reason: 'fiscal_code_missing',
    });
    expect(identityFromClaims({ ...person, fiscal_number: 'ABC' }, 'fiscal_number', ISSUER)).toEqual({
      ok: false,
      reason: 'fiscal_code_invalid',
    });
    const code = { fiscal_number: 'RSSMRA80A01H501U' };
    expect(identityFromClaims({ ...person, ...code, given_name: '  ' }, 'fiscal_number', ISSUER)).toEqual({
      ok: false,
      reason: 'name_missing',
    });
    expect(identityFromClaims({ ...person, ...code, family_name: 42 }, 'fiscal_number', ISSUER)).toEqual({
      ok: false,
      reason: 'name_missing',
    });
    expect(identityFromClaims({ ...person, ...code, given_name: 'M'.repeat(101) }, 'fiscal_number', ISSUER)).toEqual({
      ok: false,
      reason: 'name_missing',
    });
    const result = identityFromClaims({ ...person, ...code, email: 'non-una-mail' }, 'fiscal_number', ISSUER);
    expect(result.ok && result.identity.email).toBeUndefined();
  });
});

describe('error pages', () => {
  it('have Italian words for every reason, naming the provider, and keep the return path', () => {
    for (const error of OIDC_ERRORS) {
      const text = oidcErrorText(error, 'BresciaGOV');
      expect(text.title.length).toBeGreaterThan(5);
      expect(`${text.what} ${text.next}`).not.toMatch(/undefined/);
    }
    expect(oidcErrorText('non-raggiungibile', 'BresciaGOV').what).toContain('BresciaGOV');
    expect(oidcErrorPath('annullato', '/area-personale?x=1')).toBe(
      '/accedi/oidc/errore?motivo=annullato&ritorno=%2Farea-personale%3Fx%3D1',
    );
    expect(oidcErrorSchema.safeParse('<script>').success).toBe(false);
  });
});
