import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

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
];

export interface RunningPortal {
  port: number;
  base: string;
  url(slug: string | null, pathname?: string): string;
  stop(): Promise<void>;
}

/**
 * Starts the production build (`next start`) on a free port with a database of its own: a fresh
 * PGlite directory, or the server in DATABASE_URL when set (then the caller gives a fresh database).
 */
export async function startPortal(port: number): Promise<RunningPortal> {
  const base = `localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORTAL_BASE_DOMAIN: base,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('hex'),
    // A production build tried locally: plain http and the demo conveniences, each switched on explicitly.
    ALLOW_INSECURE_HTTP: 'true',
    SEED_DEMO_DATA: 'true',
    SANDBOX_ENABLED: 'true',
    SANDBOX_CALLBACK_URL: `http://127.0.0.1:${port}/api/partners/sandbox/callbacks`,
    WORKER_POLL_MS: '300',
  };
  if (!env.DATABASE_URL) env.PGLITE_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'portale-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start è terminato con codice ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { host: base } });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('Il portale non è partito entro 90 secondi');
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    port,
    base,
    url: (slug, pathname = '/') => `http://${slug ? `${slug}.` : ''}${base}${pathname}`,
    async stop() {
      if (child.exitCode !== null || !child.pid) return;
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
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

  test(name: string, run: () => Promise<void>) {
    this.checks.push({ name, run });
  }

  async run(): Promise<number> {
    let passed = 0;
    let failed = 0;
    for (const check of this.checks) {
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
