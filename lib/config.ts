import { z } from 'zod';

/**
 * Server configuration, read from the environment once and validated. Every variable has a safe
 * default for the local demo; README.md documents them.
 */
const envSchema = z.object({
  DATABASE_URL: z.string().url('DATABASE_URL deve essere un URL postgres://').optional(),
  PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
  PORTAL_BASE_DOMAIN: z.string().min(1).default('localhost:3000'),
  PORTAL_SCHEME: z.enum(['http', 'https']).default('http'),
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET deve avere almeno 32 caratteri').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ServerConfig = z.infer<typeof envSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const blankToUndefined = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    throw new Error(`Configurazione non valida: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

// Only for `npm run dev` and the tests: production refuses to start without a real AUTH_SECRET.
const DEVELOPMENT_AUTH_SECRET = 'solo-per-sviluppo-locale-non-usare-in-produzione';

/** Key that signs staff session cookies. */
export function authSecret(config: ServerConfig = readConfig()): string {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  if (process.env.NODE_ENV === 'production') {
    throw new Error('AUTH_SECRET mancante: impostala (almeno 32 caratteri casuali) per avviare il portale in produzione');
  }
  return DEVELOPMENT_AUTH_SECRET;
}
