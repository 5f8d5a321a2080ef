import { ConfigError, parseConfig, productionWarnings } from '@/lib/config';

const SECRET = 'x'.repeat(32);
const PRODUCTION = { NODE_ENV: 'production', AUTH_SECRET: SECRET, PORTAL_SCHEME: 'https' };

/** The problems parseConfig reports for an environment, or [] when it accepts it. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('parseConfig in production', () => {
  it('accepts a complete production setting, with every development convenience off', () => {
    const config = parseConfig(PRODUCTION);
    expect(config.SANDBOX_ENABLED).toBe(false);
    expect(config.SEED_DEMO_DATA).toBe(false);
    expect(config.ALLOW_INSECURE_HTTP).toBe(false);
    expect(productionWarnings(config)).toEqual(['LINK_SECRET non impostata: i link firmati usano AUTH_SECRET']);
  });

  it('refuses a missing AUTH_SECRET, naming it', () => {
    const problems = problemsOf({ ...PRODUCTION, AUTH_SECRET: undefined });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^AUTH_SECRET: /);
  });

  it('treats an empty AUTH_SECRET (AUTH_SECRET= in a .env file) as missing', () => {
    expect(problemsOf({ ...PRODUCTION, AUTH_SECRET: '' })).toEqual([expect.stringMatching(/^AUTH_SECRET: obbligatoria/)]);
  });

  it.each([1, 16, 31])('refuses an AUTH_SECRET of %i characters, naming it', (length) => {
    expect(problemsOf({ ...PRODUCTION, AUTH_SECRET: 'a'.repeat(length) })).toEqual(['AUTH_SECRET: deve avere almeno 32 caratteri']);
  });

  it('refuses a short AUTH_SECRET outside production too: a dev secret must not be weak either', () => {
    expect(problemsOf({ NODE_ENV: 'development', AUTH_SECRET: 'corta' })).toEqual(['AUTH_SECRET: deve avere almeno 32 caratteri']);
  });

  it('refuses plain http, naming PORTAL_SCHEME, unless ALLOW_INSECURE_HTTP=true', () => {
    expect(problemsOf({ ...PRODUCTION, PORTAL_SCHEME: 'http' })).toEqual([expect.stringMatching(/^PORTAL_SCHEME: .*https/)]);
    // The default scheme is http: leaving it out is the same mistake.
    expect(problemsOf({ ...PRODUCTION, PORTAL_SCHEME: undefined })).toEqual([expect.stringMatching(/^PORTAL_SCHEME: /)]);
    expect(problemsOf({ ...PRODUCTION, PORTAL_SCHEME: 'http', ALLOW_INSECURE_HTTP: 'false' })).toEqual([
      expect.stringMatching(/^PORTAL_SCHEME: /),
    ]);
    const local = parseConfig({ ...PRODUCTION, PORTAL_SCHEME: 'http', ALLOW_INSECURE_HTTP: 'true' });
    expect(local.PORTAL_SCHEME).toBe('http');
    expect(productionWarnings(local)).toContain('ALLOW_INSECURE_HTTP=true: il portale gira senza https');
  });

  it('refuses a scheme that is neither http nor https, and a sloppy ALLOW_INSECURE_HTTP', () => {
    expect(problemsOf({ ...PRODUCTION, PORTAL_SCHEME: 'HTTPS' })).toEqual([expect.stringMatching(/^PORTAL_SCHEME: /)]);
    expect(problemsOf({ ...PRODUCTION, PORTAL_SCHEME: 'ftp' })).toEqual([expect.stringMatching(/^PORTAL_SCHEME: /)]);
    expect(problemsOf({ ...PRODUCTION, PORTAL_SCHEME: 'http', ALLOW_INSECURE_HTTP: 'yes' })).toEqual([
      'ALLOW_INSECURE_HTTP: deve essere true o false',
    ]);
  });

  it('names every wrong variable at once, so one restart fixes them all', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['AUTH_SECRET', 'PORTAL_SCHEME']);
    expect(new ConfigError(problems).message).toMatch(/AUTH_SECRET[\s\S]*PORTAL_SCHEME/);
  });

  it('switches the sandbox on only when told, and warns about it', () => {
    expect(parseConfig({ ...PRODUCTION, SANDBOX_ENABLED: '' }).SANDBOX_ENABLED).toBe(false);
    const config = parseConfig({ ...PRODUCTION, SANDBOX_ENABLED: 'true' });
    expect(config.SANDBOX_ENABLED).toBe(true);
    expect(productionWarnings(config)).toContainEqual(expect.stringMatching(/^SANDBOX_ENABLED=true/));
    expect(problemsOf({ ...PRODUCTION, SANDBOX_ENABLED: '1' })).toEqual(['SANDBOX_ENABLED: deve essere true o false']);
  });
});

describe('parseConfig outside production', () => {
  it.each(['development', 'test', undefined])('NODE_ENV=%s: sandbox on, no secret needed, no warnings', (nodeEnv) => {
    const config = parseConfig({ NODE_ENV: nodeEnv });
    expect(config.SANDBOX_ENABLED).toBe(true);
    // Only the development server (scripts/dev.ts) and an explicit setting load the demo province.
    expect(config.SEED_DEMO_DATA).toBe(false);
    expect(config.PORTAL_SCHEME).toBe('http');
    expect(productionWarnings(config)).toEqual([]);
  });

  it('lets a developer switch the sandbox off', () => {
    expect(parseConfig({ NODE_ENV: 'development', SANDBOX_ENABLED: 'false' }).SANDBOX_ENABLED).toBe(false);
  });
});
