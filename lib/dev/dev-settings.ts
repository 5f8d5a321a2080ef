/*
 * `npm run dev` (scripts/dev.ts): the port the server will listen on decides the base domain, so that
 * `npm run dev -- -p 3700` keeps every absolute link (checkout return, sandbox callbacks, SPID) on 3700.
 */

export interface DevSettings {
  port: number;
  /** Variables to set for `next dev`, on top of the environment. */
  env: Record<string, string>;
  /** Arguments for `next dev` other than the port. */
  nextArgs: string[];
  warnings: string[];
}

export class DevSettingsError extends Error {}

function parsePort(value: string | undefined, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new DevSettingsError(`${source}: porta non valida (${value ?? 'mancante'})`);
  return port;
}

/** Reads `-p N`, `--port N`, `--port=N` (else PORT, else 3000) and derives the development defaults. */
export function devSettings(args: readonly string[], env: Readonly<Record<string, string | undefined>>): DevSettings {
  let port: number | undefined;
  const nextArgs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-p' || arg === '--port') port = parsePort(args[++i], arg);
    else if (arg.startsWith('--port=')) port = parsePort(arg.slice('--port='.length), '--port');
    else nextArgs.push(arg);
  }
  port ??= env.PORT ? parsePort(env.PORT, 'PORT') : 3000;

  const out: Record<string, string> = {};
  const warnings: string[] = [];
  const base = env.PORTAL_BASE_DOMAIN;
  if (!base) out.PORTAL_BASE_DOMAIN = `localhost:${port}`;
  else if (base.startsWith('localhost') && base !== `localhost:${port}`) {
    warnings.push(`PORTAL_BASE_DOMAIN=${base} non corrisponde alla porta ${port}: i link assoluti puntano lì`);
  }
  // The development server is the one place that loads the demo province on an empty database.
  if (!env.SEED_DEMO_DATA) out.SEED_DEMO_DATA = 'true';
  return { port, env: out, nextArgs, warnings };
}

export function portBusyMessage(port: number): string {
  return [
    `La porta ${port} è già occupata da un altro programma: il portale non parte.`,
    `Chiudi il programma che la usa (per vederlo: lsof -i :${port}) oppure scegli un'altra porta:`,
    `  npm run dev -- -p ${port === 3000 ? 3700 : port + 1}`,
  ].join('\n');
}
