import { z } from 'zod';

/**
 * Server configuration: the only reader of the environment (ESLint forbids `process.env` elsewhere).
 * Every variable is declared here with zod, with a safe default for the local demo; README.md and
 * `.env.example` document them. In production (NODE_ENV=production) unsafe settings are refused at
 * start (see `startupCheck`), and development conveniences must be switched on explicitly.
 */

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false'], { message: 'deve essere true o false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true'));

const intBetween = (min: number, max: number) =>
  z.coerce
    .number({ message: 'deve essere un numero' })
    .int('deve essere un numero intero')
    .min(min, `deve essere almeno ${min}`)
    .max(max, `deve essere al massimo ${max}`);

const int = (fallback: number, min: number, max: number) => intBetween(min, max).default(fallback);

type RawEnv = Record<string, string | undefined>;

const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.url({ message: 'deve essere un URL postgres://' }).optional(),
  /** Owner of the schema, used only to run migrations; without it migrations use DATABASE_URL. */
  DATABASE_MIGRATION_URL: z.url({ message: 'deve essere un URL postgres://' }).optional(),
  /** The application's role: after migrating, the migrator grants it what the app needs (INSERT/SELECT only on receipts). */
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'deve essere un nome di ruolo PostgreSQL (minuscole, cifre, _)')
    .optional(),
  /**
   * A streaming replica of DATABASE_URL, for reads that may be a few seconds stale (back-office lists,
   * dashboards: db/index.ts getReadDb). Without it those reads go to the primary.
   */
  DATABASE_READ_URL: z.url({ message: 'deve essere un URL postgres://' }).optional(),
  PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
  PORTAL_BASE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+(:[0-9]{1,5})?$/, 'deve essere un nome di dominio, con la porta se serve (es. pagamenti.provincia.it)')
    .default('localhost:3000'),
  PORTAL_SCHEME: z.enum(['http', 'https']).default('http'),
  ALLOW_INSECURE_HTTP: flag(false),
  /** Proxies in front of the app that append to X-Forwarded-For (nginx: 1). The client is that many entries from the right. */
  TRUSTED_PROXY_HOPS: int(1, 1, 10),
  SEED_DEMO_DATA: flag(false),
  DEMO_STAFF_PASSWORD: z.string().min(8, 'deve avere almeno 8 caratteri').default('demo-pagamenti'),
  AUTH_SECRET: z.string().min(32, 'deve avere almeno 32 caratteri').optional(),
  /** Key of the signed links (avviso, ricevuta); without it AUTH_SECRET. Rotating it revokes every link. */
  LINK_SECRET: z.string().min(32, 'deve avere almeno 32 caratteri').optional(),
  LINK_TTL_DAYS: int(30, 1, 3650),
  /**
   * Encrypts the partners' outbound credentials at rest (GovPay passwords and client keys, GPD/Checkout/FdR
   * subscription keys). Changing or losing it makes them unreadable: they must then be entered again.
   */
  PARTNER_SECRETS_KEY: z.string().min(32, 'deve avere almeno 32 caratteri').optional(),
  /** Days a position without its own due date stays payable at the partner (GPD requires a dueDate). */
  DEFAULT_VALIDITY_DAYS: int(90, 1, 3650),
  /** Spontaneous positions (started from a service page) not paid within this many hours are expired and invalidated at the partner. */
  SPONTANEOUS_TTL_HOURS: int(48, 1, 24 * 90),
  /** Receipts not found in any flusso di rendicontazione after this many days are reconciliation anomalies. */
  REPORTING_GRACE_DAYS: int(10, 1, 365),
  /** Timeout of each call to a real partner (GovPay, GPD, Checkout, FdR). */
  PARTNER_HTTP_TIMEOUT_MS: int(10_000, 100, 120_000),
  SANDBOX_ENABLED: flag(false),
  SANDBOX_CALLBACK_URL: z.url({ message: 'deve essere un URL http(s)://' }).optional(),
  SANDBOX_FAULTS: z.string().default(''),
  WORKER_ENABLED: flag(true),
  WORKER_POLL_MS: int(1000, 50, 60_000),
  /** Threads that render avvisi PDFs (the import's ZIP, single downloads); without it one per core (os.availableParallelism). */
  PDF_WORKERS: intBetween(1, 64).optional(),
  RECOVERY_AFTER_MINUTES: int(10, 1, 1440),
  /** Started checkouts older than this are no longer asked about by the recovery loop. */
  RECOVERY_MAX_AGE_HOURS: int(72, 1, 24 * 60),
  /** A started checkout with no receipt after this long is closed as expired. */
  CHECKOUT_TIMEOUT_MINUTES: int(60, 5, 24 * 60),
  CALLBACK_MAX_BODY_BYTES: int(256 * 1024, 1024, 16 * 1024 * 1024),
  /** Of a callback that fails verification only this prefix is kept, with the hash of the whole body. */
  UNVERIFIED_BODY_PREFIX_BYTES: int(4096, 0, 65_536),
  INBOX_RETENTION_DAYS: int(30, 1, 3650),
  /**
   * The benchmark's anchor route (POST /api/bench/insert, bench/callbacks.ts): one plain INSERT per request.
   * Off unless set; production refuses it except in a local trial (ALLOW_INSECURE_HTTP).
   */
  BENCH_ROUTES_ENABLED: flag(false),
  /** Ed25519 private key (PKCS#8 PEM, or its base64 DER) that signs the chain-head anchors. */
  RECEIPTS_ANCHOR_PRIVATE_KEY: z.string().min(1).optional(),
  /** Ed25519 public key (SPKI PEM or base64 DER) that `receipts:verify --anchors` checks them with. */
  RECEIPTS_ANCHOR_PUBLIC_KEY: z.string().min(1).optional(),
  /** SPID/CIE login (one provincial service provider for every Ente). */
  SPID_ENABLED: flag(false),
  /** The SP entityID; without it `<PORTAL_SCHEME>://<PORTAL_BASE_DOMAIN>`. */
  SPID_SP_ENTITY_ID: z.url({ message: 'deve essere un URL (es. https://pagamenti.provincia.it)' }).optional(),
  /** X.509 certificate and RSA private key (PEM; `\n` escapes accepted) from `scripts/spid-keygen.ts`. */
  SPID_SP_CERT_PEM: z.string().min(1).optional(),
  SPID_SP_KEY_PEM: z.string().min(1).optional(),
  /** The Province's code on IndicePA (spid:IPACode in the metadata). */
  SPID_SP_IPA_CODE: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,20}$/, 'deve essere un codice IPA (lettere, cifre, _)')
    .optional(),
  SPID_SP_ORG_NAME: z.string().min(2, 'deve avere almeno 2 caratteri').max(200).optional(),
  SPID_SP_CONTACT_EMAIL: z.email({ message: 'deve essere un indirizzo e-mail' }).optional(),
  /** Optional, international format without spaces (e.g. +390612345678). */
  SPID_SP_CONTACT_PHONE: z
    .string()
    .regex(/^\+39[0-9]{6,12}$/, 'deve essere nel formato +39 seguito dalle cifre, senza spazi')
    .optional(),
  /** How long an issued AuthnRequest may be answered. */
  SPID_REQUEST_TTL_MINUTES: int(15, 1, 60),
  /**
   * The identity providers accepted (SPID and CIE): a JSON file in the AgID registry's format (see README,
   * "Accesso con SPID e CIE"). Without it only the demo IdP is offered, when that is on.
   */
  SPID_IDP_LIST_FILE: z.string().min(1).optional(),
  /** SPID level asked of citizens and of staff (1..3; AgID: 2 for payments, 2 or 3 for back offices). */
  SPID_LEVEL_CITIZEN: int(2, 1, 3),
  SPID_LEVEL_STAFF: int(2, 1, 3),
  /** The in-process demo IdP at /spid/demo-idp: fictitious people, for the local demo and the tests only. */
  DEMO_IDP_ENABLED: flag(false),
  /** The SPID rules ask for 24 months of AuthnRequest/Response log; longer is allowed, shorter is not. */
  AUTH_LOG_RETENTION_MONTHS: int(24, 24, 120),
  /** Staff e-mail + password login (the demo accounts). Off in production: staff sign in with SPID/CIE. */
  STAFF_PASSWORD_LOGIN: flag(false),
  /** A regional OpenID Connect provider (e.g. BresciaGOV): hidden unless issuer, client id and secret are all set. */
  OIDC_ISSUER: z.url({ protocol: /^https?$/, message: 'deve essere un URL http(s)://' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** The name on the button («Entra con BresciaGOV»); neutral by default, since the portal serves any Province. */
  OIDC_PROVIDER_NAME: z.string().min(2).max(60).default('accesso regionale'),
  /** Scopes asked of the provider: some release the fiscal code only under a scope of their own. */
  OIDC_SCOPE: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'deve essere un elenco di scope separati da spazi')
    .refine((scope) => scope.split(' ').includes('openid'), 'deve contenere openid')
    .default('openid profile email'),
  /** The claim with the codice fiscale (ID token or UserInfo); `TINIT-` in front of it is accepted. */
  OIDC_FISCAL_CODE_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.:/-]{1,100}$/, 'deve essere il nome di un claim')
    .default('fiscal_number'),
  /**
   * Redis shared by the instances for the cached citizen pages (Next's cacheHandler): one instance renders a page,
   * every instance serves it, and a change invalidates it everywhere; when set, readiness requires it to answer.
   * Empty: each instance keeps its own cache in memory.
   */
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'deve essere un URL redis:// o rediss://' }).optional(),
  /** Prefix of every Redis key the portal writes, so that two installations (or test runs) can share one server. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'lettere, cifre, due punti, trattini (al massimo 64)')
    .default('portale:'),
  /**
   * Seconds a proxy in front (nginx, deploy/nginx) may keep a cached citizen page, told by `X-Accel-Expires` on
   * those pages only: a clerk's change then shows within that long instead of at once. 0: no proxy caching.
   */
  PROXY_PAGE_CACHE_SECONDS: int(1, 0, 60),
  /**
   * The SMTP relay of the citizens' e-mail (receipts, new notices, reminders). The default is the development
   * mailbox that `npm run dev` starts (DEV_MAILBOX_ENABLED); production must name its relay.
   */
  SMTP_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.-]{1,253}$/, 'deve essere un nome di host o un indirizzo IP')
    .default('127.0.0.1'),
  SMTP_PORT: int(2525, 1, 65_535),
  /** TLS from the first byte (port 465); otherwise STARTTLS, required unless the relay is on this machine. */
  SMTP_SECURE: flag(false),
  SMTP_USER: z.string().min(1).max(200).optional(),
  SMTP_PASSWORD: z.string().min(1).max(500).optional(),
  /** The default sender; an Ente may set its own in its notification settings. */
  SMTP_FROM: z.email({ message: 'deve essere un indirizzo e-mail' }).default('noreply@pagamenti.localhost'),
  /** DKIM signing: all three, or none (the relay may sign instead). The key is PEM (`\n` escapes accepted). */
  DKIM_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]{1,253}$/, 'deve essere un nome di dominio in minuscolo')
    .optional(),
  DKIM_SELECTOR: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'deve essere un selettore DKIM (lettere, cifre, _ e -)')
    .optional(),
  DKIM_PRIVATE_KEY: z.string().min(1).optional(),
  /** Delivery attempts of one message before it is dead and shown to staff among the failures. */
  NOTIFICATION_MAX_ATTEMPTS: int(8, 1, 50),
  /** The IO Services API (App IO messages); each Ente gives its own service's key in its notification settings. */
  IO_API_BASE_URL: z
    .url({ protocol: /^https?$/, message: 'deve essere un URL http(s)://' })
    .transform((v) => v.replace(/\/+$/, ''))
    .default('https://api.io.pagopa.it/api/v1'),
  /**
   * The development mailbox: an in-process SMTP server that keeps what it receives under `.data/dev-mail`,
   * shown at /dev/posta. A development convenience, on by default outside production.
   */
  DEV_MAILBOX_ENABLED: flag(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** Bearer token of `GET /api/metrics` (Prometheus). Without it the endpoint answers 404. */
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{32,200}$/, 'deve avere da 32 a 200 caratteri stampabili, senza spazi (es. `openssl rand -hex 32`)')
    .optional(),
  /** After SIGTERM the instance keeps serving this long with /api/ready at 503, so that the load balancer takes it out first. */
  SHUTDOWN_DRAIN_MS: int(0, 0, 60_000),
  /** After SIGTERM the process exits within this long, whatever is still running (in-flight requests, the worker's job). */
  SHUTDOWN_TIMEOUT_MS: int(30_000, 1_000, 300_000),
});

export type ServerConfig = Omit<z.infer<typeof baseSchema>, 'LOG_LEVEL'> & {
  LOG_LEVEL: NonNullable<z.infer<typeof baseSchema>['LOG_LEVEL']>;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configurazione non valida:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment. Development conveniences default on outside production, off in it. */
export function parseConfig(env: RawEnv): ServerConfig {
  const blankToUndefined: RawEnv = {};
  for (const key of Object.keys(baseSchema.shape)) blankToUndefined[key] = env[key] === '' ? undefined : env[key];
  const production = blankToUndefined.NODE_ENV === 'production';
  blankToUndefined.SANDBOX_ENABLED ??= production ? 'false' : 'true';
  blankToUndefined.SPID_ENABLED ??= production ? 'false' : 'true';
  blankToUndefined.DEMO_IDP_ENABLED ??= production ? 'false' : 'true';
  blankToUndefined.STAFF_PASSWORD_LOGIN ??= production ? 'false' : 'true';
  blankToUndefined.DEV_MAILBOX_ENABLED ??= production ? 'false' : 'true';
  // Draining only matters behind a load balancer; a developer's Ctrl-C or restart should not wait for it.
  blankToUndefined.SHUTDOWN_DRAIN_MS ??= production ? '5000' : '0';
  const key = JSON.stringify(Object.values(blankToUndefined));
  if (lastParsed?.key === key) return lastParsed.config;
  const config = Object.freeze(validate(blankToUndefined));
  lastParsed = { key, config };
  return config;
}

/**
 * The last configuration parsed, by the values it was parsed from: the middleware and every cached page's
 * look-up read the configuration, and zod's parse of this schema costs about a millisecond, a large share
 * of serving a cached page. Keyed by the values, a test that changes the environment still gets a new parse.
 */
let lastParsed: { key: string; config: ServerConfig } | undefined;

function validate(blankToUndefined: RawEnv): ServerConfig {
  const parsed = baseSchema.safeParse(blankToUndefined);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const config = parsed.data;
  const problems: string[] = [];
  if (config.NODE_ENV === 'production') {
    if (!config.AUTH_SECRET)
      problems.push('AUTH_SECRET: obbligatoria in produzione (almeno 32 caratteri casuali, es. `openssl rand -hex 32`)');
    if (!config.PARTNER_SECRETS_KEY)
      problems.push('PARTNER_SECRETS_KEY: obbligatoria in produzione (almeno 32 caratteri casuali): cifra le credenziali dei partner');
    if (config.PORTAL_SCHEME !== 'https' && !config.ALLOW_INSECURE_HTTP) {
      problems.push('PORTAL_SCHEME: in produzione deve essere https (ALLOW_INSECURE_HTTP=true solo per una prova locale)');
    }
    // The committed demo key pair and the demo organisation are for development only.
    if (config.SPID_ENABLED) {
      for (const key of ['SPID_SP_CERT_PEM', 'SPID_SP_KEY_PEM', 'SPID_SP_IPA_CODE', 'SPID_SP_CONTACT_EMAIL'] as const) {
        if (!config[key]) problems.push(`${key}: obbligatoria in produzione con SPID_ENABLED=true`);
      }
      if (config.SPID_SP_ENTITY_ID && !config.SPID_SP_ENTITY_ID.startsWith('https://')) {
        problems.push('SPID_SP_ENTITY_ID: in produzione deve essere un URL https://');
      }
    }
    // A local trial of the production build (ALLOW_INSECURE_HTTP, already warned about) may use a loopback provider.
    // The benchmark writes what anyone sends into the database: never on a real site.
    if (config.BENCH_ROUTES_ENABLED && !config.ALLOW_INSECURE_HTTP)
      problems.push('BENCH_ROUTES_ENABLED: vietata in produzione (solo per un benchmark locale, con ALLOW_INSECURE_HTTP=true)');
    // The services' keys travel in a header: never in clear over a network.
    if (!config.IO_API_BASE_URL.startsWith('https://') && !config.ALLOW_INSECURE_HTTP)
      problems.push('IO_API_BASE_URL: in produzione deve essere un URL https:// (ALLOW_INSECURE_HTTP=true solo per una prova locale)');
    if (config.OIDC_ISSUER && !config.OIDC_ISSUER.startsWith('https://') && !config.ALLOW_INSECURE_HTTP)
      problems.push('OIDC_ISSUER: in produzione deve essere un URL https:// (ALLOW_INSECURE_HTTP=true solo per una prova locale)');
  }
  problems.push(...smtpProblems(config));
  if (config.DATABASE_READ_URL && !config.DATABASE_URL)
    problems.push('DATABASE_READ_URL: serve anche DATABASE_URL (la replica è di un PostgreSQL, non del database incorporato)');
  const oidcSet = [config.OIDC_ISSUER, config.OIDC_CLIENT_ID, config.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcSet > 0 && oidcSet < 3) problems.push('OIDC_ISSUER, OIDC_CLIENT_ID e OIDC_CLIENT_SECRET vanno impostate tutte e tre (o nessuna)');
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, LOG_LEVEL: config.LOG_LEVEL ?? (config.NODE_ENV === 'test' ? 'silent' : 'info') };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** True when the SMTP relay is this machine: plain SMTP to it never crosses a network. */
export function smtpIsLocal(config: Pick<ServerConfig, 'SMTP_HOST'>): boolean {
  return LOOPBACK_HOSTS.has(config.SMTP_HOST);
}

function smtpProblems(config: z.infer<typeof baseSchema>): string[] {
  const problems: string[] = [];
  const dkimSet = [config.DKIM_DOMAIN, config.DKIM_SELECTOR, config.DKIM_PRIVATE_KEY].filter(Boolean).length;
  if (dkimSet > 0 && dkimSet < 3) problems.push('DKIM_DOMAIN, DKIM_SELECTOR e DKIM_PRIVATE_KEY vanno impostate tutte e tre (o nessuna)');
  if (Boolean(config.SMTP_USER) !== Boolean(config.SMTP_PASSWORD)) problems.push('SMTP_USER e SMTP_PASSWORD vanno impostate insieme');
  if (config.NODE_ENV !== 'production') return problems;
  // The development mailbox would swallow the citizens' e-mail and show it to anyone at /dev/posta.
  if (config.DEV_MAILBOX_ENABLED && !config.ALLOW_INSECURE_HTTP)
    problems.push('DEV_MAILBOX_ENABLED: vietata in produzione (solo per una prova locale, con ALLOW_INSECURE_HTTP=true)');
  return problems;
}

/** The configuration of this process, parsed again whenever the environment changes (tests change it). */
export function readConfig(): ServerConfig {
  // eslint-disable-next-line no-restricted-properties -- the one place that reads the environment
  return parseConfig(process.env);
}

export interface SharedCacheSettings {
  url: string | undefined;
  keyPrefix: string;
}

/**
 * Just the shared cache's settings: next.config.ts reads them when `next start` loads it, before the startup
 * check, so the rest of a (possibly invalid) configuration must not stop it; the check reports that.
 */
const sharedCacheSchema = baseSchema.pick({ REDIS_URL: true, REDIS_KEY_PREFIX: true });

export function readSharedCacheSettings(): SharedCacheSettings {
  // eslint-disable-next-line no-restricted-properties -- the one place that reads the environment
  const { REDIS_URL, REDIS_KEY_PREFIX } = process.env;
  const parsed = sharedCacheSchema.safeParse({ REDIS_URL: REDIS_URL || undefined, REDIS_KEY_PREFIX: REDIS_KEY_PREFIX || undefined });
  if (!parsed.success) return { url: undefined, keyPrefix: 'portale:' };
  return { url: parsed.data.REDIS_URL, keyPrefix: parsed.data.REDIS_KEY_PREFIX };
}

/**
 * SANDBOX_ENABLED for the root layout, which `next build` renders too (its 404 page, before that page bails out
 * to per-request rendering) in an environment that need not be a valid production configuration: that reads
 * as off. A server with an invalid configuration refuses to start, so at run time this is readConfig's value.
 */
export function sandboxEnabled(): boolean {
  try {
    return readConfig().SANDBOX_ENABLED;
  } catch (error) {
    if (error instanceof ConfigError) return false;
    throw error;
  }
}

/** Development conveniences switched on in production: each is logged loudly at start. */
export function productionWarnings(config: ServerConfig): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const warnings: string[] = [];
  if (config.SEED_DEMO_DATA)
    warnings.push('SEED_DEMO_DATA=true: su un database vuoto vengono creati Enti e utenti dimostrativi con password nota');
  if (config.SANDBOX_ENABLED) warnings.push('SANDBOX_ENABLED=true: il partner sandbox è attivo e simula pagamenti senza denaro');
  if (config.ALLOW_INSECURE_HTTP) warnings.push('ALLOW_INSECURE_HTTP=true: il portale gira senza https');
  if (config.BENCH_ROUTES_ENABLED)
    warnings.push('BENCH_ROUTES_ENABLED=true: la route di benchmark /api/bench/insert scrive nel database ciò che riceve');
  if (config.DEMO_IDP_ENABLED)
    warnings.push('DEMO_IDP_ENABLED=true: chiunque può entrare come una delle identità fittizie dell’IdP dimostrativo');
  if (config.STAFF_PASSWORD_LOGIN)
    warnings.push('STAFF_PASSWORD_LOGIN=true: il personale può entrare con e-mail e password invece che con SPID/CIE');
  if (config.DEV_MAILBOX_ENABLED)
    warnings.push('DEV_MAILBOX_ENABLED=true: le e-mail ai cittadini restano nella casella di sviluppo, visibile a /dev/posta');
  if (config.SMTP_HOST === '127.0.0.1' && config.SMTP_PORT === 2525)
    warnings.push('SMTP_HOST non impostata: nessuna e-mail raggiunge i cittadini (restano tra i messaggi non inviati del back office)');
  if (!config.LINK_SECRET) warnings.push('LINK_SECRET non impostata: i link firmati usano AUTH_SECRET');
  return warnings;
}

// Only for `npm run dev` and the tests: production refuses to start without a real AUTH_SECRET.
const DEVELOPMENT_AUTH_SECRET = 'solo-per-sviluppo-locale-non-usare-in-produzione';

/** Key that signs staff session cookies. */
export function authSecret(config: ServerConfig = readConfig()): string {
  return config.AUTH_SECRET ?? DEVELOPMENT_AUTH_SECRET;
}

/** Key material for the partners' stored credentials (lib/partners/secrets.ts derives the AES key from it). */
export function partnerSecretsKey(config: ServerConfig = readConfig()): string {
  return config.PARTNER_SECRETS_KEY ?? `${DEVELOPMENT_AUTH_SECRET}:partner-secrets`;
}

/** Key that signs capability links. */
export function linkSecret(config: ServerConfig = readConfig()): string {
  return config.LINK_SECRET ?? authSecret(config);
}
