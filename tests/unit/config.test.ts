import { ConfigError, parseConfig, productionWarnings } from '@/lib/config';

const SECRET = 'x'.repeat(32);
const PRODUCTION = {
  NODE_ENV: 'production',
  AUTH_SECRET: SECRET,
  PARTNER_SECRETS_KEY: SECRET,
  PORTAL_SCHEME: 'https',
  SMTP_HOST: 'smtp.provincia.example.it',
  SMTP_PORT: '587',
};

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

  it('refuses the benchmark route in production, except in a local trial over http, and warns about it', () => {
    expect(parseConfig({}).BENCH_ROUTES_ENABLED).toBe(false);
    expect(problemsOf({ ...PRODUCTION, BENCH_ROUTES_ENABLED: 'true' })).toEqual([expect.stringMatching(/^BENCH_ROUTES_ENABLED: vietata/)]);
    const trial = parseConfig({ ...PRODUCTION, PORTAL_SCHEME: 'http', ALLOW_INSECURE_HTTP: 'true', BENCH_ROUTES_ENABLED: 'true' });
    expect(productionWarnings(trial)).toContain(
      'BENCH_ROUTES_ENABLED=true: la route di benchmark /api/bench/insert scrive nel database ciò che riceve',
    );
  });

  it('names every wrong variable at once, so one restart fixes them all', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['AUTH_SECRET', 'PARTNER_SECRETS_KEY', 'PORTAL_SCHEME']);
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

  it('takes a read replica only of a PostgreSQL server: the embedded database has none', () => {
    expect(() => parseConfig({ DATABASE_READ_URL: 'postgres://replica:5432/portale' })).toThrow(/DATABASE_READ_URL/);
    expect(parseConfig({ DATABASE_URL: 'postgres://db/p', DATABASE_READ_URL: 'postgres://replica/p' }).DATABASE_READ_URL).toBe(
      'postgres://replica/p',
    );
  });

  it('lets a developer switch the sandbox off', () => {
    expect(parseConfig({ NODE_ENV: 'development', SANDBOX_ENABLED: 'false' }).SANDBOX_ENABLED).toBe(false);
  });
});

describe('sign-in settings', () => {
  it('keeps the demo IdP, password login and SPID off in production unless switched on, and warns when they are', () => {
    const config = parseConfig(PRODUCTION);
    expect([config.DEMO_IDP_ENABLED, config.STAFF_PASSWORD_LOGIN, config.SPID_ENABLED]).toEqual([false, false, false]);
    expect(parseConfig({ ...PRODUCTION, DEMO_IDP_ENABLED: '', STAFF_PASSWORD_LOGIN: '' }).STAFF_PASSWORD_LOGIN).toBe(false);
    const loud = parseConfig({ ...PRODUCTION, DEMO_IDP_ENABLED: 'true', STAFF_PASSWORD_LOGIN: 'true' });
    expect(productionWarnings(loud)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^DEMO_IDP_ENABLED=true: /), expect.stringMatching(/^STAFF_PASSWORD_LOGIN=true: /)]),
    );
  });

  it.each(['development', 'test', undefined])('NODE_ENV=%s: demo IdP and password login on, unless switched off', (nodeEnv) => {
    const config = parseConfig({ NODE_ENV: nodeEnv });
    expect([config.DEMO_IDP_ENABLED, config.STAFF_PASSWORD_LOGIN]).toEqual([true, true]);
    const off = parseConfig({ NODE_ENV: nodeEnv, DEMO_IDP_ENABLED: 'false', STAFF_PASSWORD_LOGIN: 'false' });
    expect([off.DEMO_IDP_ENABLED, off.STAFF_PASSWORD_LOGIN]).toEqual([false, false]);
  });

  it.each(['1', 'yes', 'TRUE', ' true'])('refuses STAFF_PASSWORD_LOGIN=%p and DEMO_IDP_ENABLED=%p, naming them', (value) => {
    expect(problemsOf({ NODE_ENV: 'development', STAFF_PASSWORD_LOGIN: value, DEMO_IDP_ENABLED: value })).toEqual([
      'DEMO_IDP_ENABLED: deve essere true o false',
      'STAFF_PASSWORD_LOGIN: deve essere true o false',
    ]);
  });

  const OIDC = { OIDC_ISSUER: 'https://login.bresciagov.example', OIDC_CLIENT_ID: 'portale', OIDC_CLIENT_SECRET: 's'.repeat(40) };

  it('takes the OIDC provider with all three of issuer, client id and secret, or none', () => {
    expect(parseConfig({ ...PRODUCTION, ...OIDC })).toMatchObject({ ...OIDC, OIDC_PROVIDER_NAME: 'accesso regionale' });
    expect(parseConfig(PRODUCTION).OIDC_ISSUER).toBeUndefined();
    const partial = [
      { OIDC_ISSUER: OIDC.OIDC_ISSUER },
      { OIDC_CLIENT_ID: OIDC.OIDC_CLIENT_ID },
      { OIDC_CLIENT_SECRET: OIDC.OIDC_CLIENT_SECRET },
      { ...OIDC, OIDC_CLIENT_SECRET: '' },
      { ...OIDC, OIDC_ISSUER: undefined },
    ];
    for (const env of partial) {
      expect(problemsOf({ NODE_ENV: 'development', ...env })).toEqual([
        expect.stringMatching(/^OIDC_ISSUER, OIDC_CLIENT_ID e OIDC_CLIENT_SECRET/),
      ]);
    }
  });

  it('refuses an OIDC issuer over http in production, and one that is not a web URL anywhere', () => {
    expect(problemsOf({ ...PRODUCTION, ...OIDC, OIDC_ISSUER: 'http://login.bresciagov.example' })).toEqual([
      'OIDC_ISSUER: in produzione deve essere un URL https:// (ALLOW_INSECURE_HTTP=true solo per una prova locale)',
    ]);
    expect(parseConfig({ NODE_ENV: 'development', ...OIDC, OIDC_ISSUER: 'http://localhost:9000' }).OIDC_ISSUER).toBe(
      'http://localhost:9000',
    );
    for (const issuer of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://login.example', 'login.example']) {
      expect(problemsOf({ NODE_ENV: 'development', ...OIDC, OIDC_ISSUER: issuer })).toContainEqual(expect.stringMatching(/^OIDC_ISSUER: /));
    }
  });

  it('keeps the SPID log at least the 24 months the rules ask for', () => {
    expect(parseConfig(PRODUCTION).AUTH_LOG_RETENTION_MONTHS).toBe(24);
    expect(problemsOf({ ...PRODUCTION, AUTH_LOG_RETENTION_MONTHS: '12' })).toEqual(['AUTH_LOG_RETENTION_MONTHS: deve essere almeno 24']);
    expect(parseConfig({ ...PRODUCTION, AUTH_LOG_RETENTION_MONTHS: '36' }).AUTH_LOG_RETENTION_MONTHS).toBe(36);
  });
});

describe('metrics, readiness and shutdown settings', () => {
  it('leaves the metrics endpoint off and Redis out unless set', () => {
    const config = parseConfig({});
    expect(config.METRICS_TOKEN).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each(['corto', 'x'.repeat(31), `${'x'.repeat(20)} ${'y'.repeat(20)}`, 'x'.repeat(201)])('refuses METRICS_TOKEN %j', (token) => {
    expect(problemsOf({ METRICS_TOKEN: token })).toEqual([expect.stringMatching(/^METRICS_TOKEN: deve avere da 32 a 200 caratteri/)]);
  });

  it('accepts redis:// and rediss:// URLs only', () => {
    expect(parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2' }).REDIS_URL).toBe('redis://127.0.0.1:6379/2');
    expect(parseConfig({ REDIS_URL: 'rediss://:segreto@cache.example:6380' }).REDIS_URL).toBe('rediss://:segreto@cache.example:6380');
    expect(problemsOf({ REDIS_URL: 'http://127.0.0.1:6379' })).toEqual(['REDIS_URL: deve essere un URL redis:// o rediss://']);
  });

  it('lets a proxy keep a cached page for 1 second unless told otherwise, at most a minute', () => {
    expect(parseConfig({}).PROXY_PAGE_CACHE_SECONDS).toBe(1);
    expect(parseConfig({ PROXY_PAGE_CACHE_SECONDS: '0' }).PROXY_PAGE_CACHE_SECONDS).toBe(0);
    expect(problemsOf({ PROXY_PAGE_CACHE_SECONDS: '61' })).toEqual(['PROXY_PAGE_CACHE_SECONDS: deve essere al massimo 60']);
  });

  it('drains for 5 seconds before stopping in production, not at all in development', () => {
    expect(parseConfig(PRODUCTION).SHUTDOWN_DRAIN_MS).toBe(5_000);
    expect(parseConfig({}).SHUTDOWN_DRAIN_MS).toBe(0);
    expect(parseConfig({ ...PRODUCTION, SHUTDOWN_DRAIN_MS: '0' }).SHUTDOWN_DRAIN_MS).toBe(0);
    expect(parseConfig({}).SHUTDOWN_TIMEOUT_MS).toBe(30_000);
    expect(problemsOf({ SHUTDOWN_TIMEOUT_MS: '10' })).toEqual(['SHUTDOWN_TIMEOUT_MS: deve essere almeno 1000']);
  });
});

describe('e-mail settings', () => {
  it('defaults to the development mailbox on this machine, which production warns delivers nothing', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ SMTP_HOST: '127.0.0.1', SMTP_PORT: 2525, SMTP_SECURE: false, DEV_MAILBOX_ENABLED: true });
    const production = parseConfig({ ...PRODUCTION, SMTP_HOST: undefined, SMTP_PORT: undefined });
    expect(production.DEV_MAILBOX_ENABLED).toBe(false);
    expect(productionWarnings(production)).toContainEqual(expect.stringMatching(/^SMTP_HOST non impostata/));
  });

  it('refuses the development mailbox in production, except in a local trial over http', () => {
    expect(problemsOf({ ...PRODUCTION, DEV_MAILBOX_ENABLED: 'true' })).toEqual([expect.stringMatching(/^DEV_MAILBOX_ENABLED: vietata/)]);
    expect(problemsOf({ ...PRODUCTION, DEV_MAILBOX_ENABLED: 'true', ALLOW_INSECURE_HTTP: 'true' })).toEqual([]);
  });

  it('takes DKIM with all of domain, selector and key, and an SMTP login with both user and password', () => {
    expect(problemsOf({ DKIM_DOMAIN: 'comune.example.it' })).toEqual([
      expect.stringMatching(/^DKIM_DOMAIN, DKIM_SELECTOR e DKIM_PRIVATE_KEY/),
    ]);
    expect(problemsOf({ DKIM_DOMAIN: 'comune.example.it', DKIM_SELECTOR: 'portale', DKIM_PRIVATE_KEY: 'pem' })).toEqual([]);
    expect(problemsOf({ SMTP_USER: 'portale' })).toEqual(['SMTP_USER e SMTP_PASSWORD vanno impostate insieme']);
    expect(problemsOf({ SMTP_HOST: 'smtp example' })).toEqual([expect.stringMatching(/^SMTP_HOST: /)]);
  });
});

describe('App IO settings', () => {
  it('calls the IO Services API at its public address unless told otherwise, without a trailing slash', () => {
    expect(parseConfig({}).IO_API_BASE_URL).toBe('https://api.io.pagopa.it/api/v1');
    expect(parseConfig({ IO_API_BASE_URL: 'http://127.0.0.1:4010/api/v1/' }).IO_API_BASE_URL).toBe('http://127.0.0.1:4010/api/v1');
    expect(problemsOf({ IO_API_BASE_URL: 'ftp://io.example/api' })).toEqual([expect.stringMatching(/^IO_API_BASE_URL: /)]);
  });

  it('refuses a plain-http IO address in production, where the services’ keys would cross the network in clear', () => {
    expect(problemsOf({ ...PRODUCTION, IO_API_BASE_URL: 'http://io.example/api/v1' })).toEqual([
      expect.stringMatching(/^IO_API_BASE_URL: in produzione deve essere un URL https/),
    ]);
    expect(problemsOf({ ...PRODUCTION, IO_API_BASE_URL: 'http://127.0.0.1:4010/api/v1', ALLOW_INSECURE_HTTP: 'true' })).toEqual([]);
  });
});
