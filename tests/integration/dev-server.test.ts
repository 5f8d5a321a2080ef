import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/*
 * `npm run dev` as a person starts it. The development server compiles pages on demand, so this file is
 * slow; it runs on the embedded database only (the port logic does not depend on the database).
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const maybe = onPostgres ? describe.skip : describe;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function devEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'portale-dev-')), LOG_LEVEL: 'warn' };
  for (const key of ['NODE_ENV', 'PORTAL_BASE_DOMAIN', 'PORT', 'DATABASE_URL']) delete env[key];
  return env;
}

maybe('npm run dev', () => {
  it('refuses a busy port with a clear message instead of moving to another one', async () => {
    const port = await freePort();
    const blocker: Server = await new Promise((resolve) => {
      const server = createServer().listen(port, () => resolve(server));
    });
    try {
      const result = spawnSync('npm', ['run', 'dev', '--', '-p', String(port)], { env: devEnv(), encoding: 'utf8', timeout: 60_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`La porta ${port} è già occupata`);
    } finally {
      blocker.close();
    }
  }, 90_000);

  it('on another port, serves pages whose links stay on that port', async () => {
    const port = await freePort();
    const child: ChildProcess = spawn('npm', ['run', 'dev', '--', '-p', String(port)], { env: devEnv(), stdio: 'ignore', detached: true });
    try {
      let html = '';
      const deadline = Date.now() + 240_000;
      while (Date.now() < deadline) {
        try {
          const response = await fetch(`http://localhost:${port}/`);
          html = await response.text();
          if (response.status === 200) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(html).toContain(`http://comune-demo.localhost:${port}/`);
      expect(html).not.toContain('localhost:3000');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }, 300_000);
});
