import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { migrateDatabase, openDatabase } from '@/db/client';
import { e2eSpidEnv } from './spid-env';
import { e2eMailbox } from './mailbox';

/** One session key for the run, shared by every portal started and by tests that mint sessions (sessions.ts). */
export const E2E_AUTH_SECRET = process.env.AUTH_SECRET ?? randomBytes(32).toString('hex');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
  // Date fields follow the browser's language, not the page's: Italian, as the people using the portal see them.
  '--lang=it-IT',
];

export interface RunningPortal {
  port: number;
  base: string;
  url(slug: string | null, pathname?: string): string;
  stop(): Promise<void>;
  /** Sends a signal to the portal's process group without waiting (the shutdown checks). */
  signal(name: NodeJS.Signals): void;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** `kill -9` of its process group, as a crash would: no request finishes, no cleanup runs. */
  kill(): Promise<void>;
}

/** Variables that replace the portal's defaults; '' unsets one. */
export type EnvOverrides = Record<string, string>;

/**
 * Environment of a production build tried locally: plain http and the demo conveniences (sandbox, password
 * login, SPID with the demo IdP), each switched on
 * explicitly, the e-mail to this process's mailbox (mailbox.ts), a database of its own (a fresh PGlite directory, or the server in DATABASE_URL when set:
 * then the caller gives a fresh database). `overrides` replace any of it; '' unsets a variable.
 */
async function portalEnv(port: number, overrides: EnvOverrides): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORTAL_BASE_DOMAIN: `localhost:${port}`,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    AUTH_SECRET: E2E_AUTH_SECRET,
    PARTNER_SECRETS_KEY: E2E_AUTH_SECRET,
    ALLOW_INSECURE_HTTP: 'true',
    SEED_DEMO_DATA: 'true',
    SANDBOX_ENABLED: 'true',
    SANDBOX_CALLBACK_URL: `http://127.0.0.1:${port}/api/partners/sandbox/callbacks`,
    WORKER_POLL_MS: '300',
    // Nothing balances these instances: stopping one need not wait for a load balancer to notice.
    SHUTDOWN_DRAIN_MS: '0',
    // The demo staff sign in with their passwords (the back-office checks, the authorization matrix);
    // citizens and staff alike with SPID/CIE through the demo IdP.
    STAFF_PASSWORD_LOGIN: 'true',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String((await e2eMailbox()).port),
    ...e2eSpidEnv(),
    ...overrides,
  };
  if (!env.DATABASE_URL && !overrides.PGLITE_DATA_DIR) env.PGLITE_DATA_DIR = await freshPgliteDir();
  return env;
}

let migratedPglite: Promise<string> | undefined;

/**
 * A new PGlite directory for a portal: a copy of one migrated, empty directory made once per run. Creating a PGlite
 * (its initdb) and migrating it took several seconds of every portal's start; the portal still seeds it itself.
 */
async function freshPgliteDir(): Promise<string> {
  migratedPglite ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portale-e2e-migrated-'));
    const handle = await openDatabase({ dataDir: dir });
    await migrateDatabase(handle);
    await handle.close();
    return dir;
  })();
  const dir = mkdtempSync(path.join(tmpdir(), 'portale-e2e-'));
  cpSync(await migratedPglite, dir, { recursive: true });
  return dir;
}

/** Every `next start` of this process still running: each in its own process group, out of reach of a Ctrl+C. */
const running = new Set<ChildProcess>();

/**
 * On loopback, started as deploy/systemd/portale@.service starts it. `-H localhost`, not 127.0.0.1: Next calls its own
 * address what the -H names, while the middleware's URLs always say «localhost» for a loopback address; with
 * 127.0.0.1 every rewrite (each Ente's page) would be a different origin, proxied over HTTP back to the same server.
 * ipv4first: «localhost» is 127.0.0.1, the address nginx's upstream names, wherever ::1 comes first.
 */
function spawnNextStart(port: number, env: NodeJS.ProcessEnv, output: 'inherit' | 'pipe'): ChildProcess {
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', 'localhost'], {
    env: { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --dns-result-order=ipv4first`.trim() },
    stdio: ['ignore', output, output],
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Kills every portal this process started, ready or still starting: for a run interrupted half-way. */
export function killAllPortals(): void {
  for (const child of running) if (child.pid) process.kill(-child.pid, 'SIGKILL');
}

async function isHealthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { host: `localhost:${port}` } })).ok;
  } catch {
    return false; // not listening yet
  }
}

/** Starts the production build (`next start`) on a free port; see portalEnv for its settings. */
export async function startPortal(port: number, overrides: EnvOverrides = {}): Promise<RunningPortal> {
  const env = await portalEnv(port, overrides);
  const base = env.PORTAL_BASE_DOMAIN!;
  const child = spawnNextStart(port, env, 'inherit');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start è terminato con codice ${child.exitCode}`);
    if (await isHealthy(port)) break;
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL'); // nothing of a failed start is left behind
      throw new Error('Il portale non è partito entro 90 secondi');
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const signalAndWait = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    process.kill(-child.pid, name);
    await exited;
  };
  return {
    port,
    base,
    url: (slug, pathname = '/') => `${env.PORTAL_SCHEME ?? 'http'}://${slug ? `${slug}.` : ''}${base}${pathname}`,
    stop: () => signalAndWait('SIGTERM'),
    kill: () => signalAndWait('SIGKILL'),
    signal(name) {
      process.kill(-child.pid!, name);
    },
    exited,
  };
}

/**
 * Starts the production build with settings it must refuse, and collects what it prints until it exits.
 * A portal that answers its health probe instead is stopped, and `exitCode` is null.
 */
export async function startRefusedPortal(port: number, overrides: EnvOverrides): Promise<{ exitCode: number | null; output: string }> {
  const child = spawnNextStart(port, await portalEnv(port, overrides), 'pipe');
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
    if (await isHealthy(port)) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  if (child.exitCode === null && child.signalCode === null) {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    return { exitCode: null, output };
  }
  return { exitCode: await exited, output };
}

/**
 * Every context (and page) speaks Italian unless it asks for another language: the portal sends a first visit to
 * the English pages when the browser's Accept-Language prefers English, and headless Chromium's is English.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ locale: 'it-IT', ...options });
  const newPage = browser.newPage.bind(browser);
  browser.newPage = (options = {}) => newPage({ locale: 'it-IT', ...options });
  return browser;
}

/** What a spec file in specs/ gets: the running portal, the browser and two ready contexts. */
export interface E2EContext {
  portal: RunningPortal;
  browser: Browser;
  desktop: BrowserContext;
  mobile: BrowserContext;
  screenshots: string;
}

type Check = { name: string; run: () => Promise<void> };

/** A tiny sequential runner: browser tests share one server and one browser, and print one summary. */
export class Suite {
  private readonly checks: Check[] = [];
  private readonly cleanups: (() => Promise<void>)[] = [];

  test(name: string, run: () => Promise<void>) {
    this.checks.push({ name, run });
  }

  /** Runs once after the checks, whichever ran or failed: a spec closes what its checks started (mock servers). */
  afterAll(run: () => Promise<void>) {
    this.cleanups.push(run);
  }

  /**
   * E2E_ONLY=<text> runs only the checks whose name contains it (while working on one area); several texts
   * separated by `|` run the checks matching any of them (.ci/run's second pass, on PostgreSQL). E2E_SKIP=<texts>
   * leaves out those matching (.ci/run: what its PostgreSQL pass runs instead).
   */
  async run(only = process.env.E2E_ONLY, skip = process.env.E2E_SKIP): Promise<number> {
    let passed = 0;
    let failed = 0;
    const texts = (list: string | undefined) => (list ? list.split('|').filter(Boolean) : []);
    const [wanted, unwanted] = [texts(only), texts(skip)];
    const chosen = this.checks.filter(
      (c) => (wanted.length === 0 || wanted.some((text) => c.name.includes(text))) && !unwanted.some((text) => c.name.includes(text)),
    );
    for (const check of chosen) {
      const started = Date.now();
      try {
        await check.run();
        passed++;
        console.log(`  ✓ ${check.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed++;
        console.log(`  ✗ ${check.name}\n    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    for (const cleanup of this.cleanups) {
      try {
        await cleanup();
      } catch (error) {
        failed++;
        console.log(`  ✗ cleanup\n    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    return failed;
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** A plain HTTP GET with an explicit Host header, as curl -H 'Host: …' sends it. */
export function getWithHost(port: number, host: string, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface HostResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request with an explicit Host (and any Cookie or other header), as a browser on that host would send it. */
export function requestWithHost(
  port: number,
  host: string,
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HostResponse> {
  const body = options.body ?? '';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: { host, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
