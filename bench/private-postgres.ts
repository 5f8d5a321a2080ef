import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throw-away PostgreSQL cluster in a temporary directory, on its own port, that a benchmark may stop
 * and restart at will: never the shared server on 5432, which other people's tests are using.
 * As root the tools run as the `postgres` user (initdb refuses root).
 */
export class PrivatePostgres {
  readonly url: string;
  private readonly dataDir: string;
  private readonly root: string;

  constructor(
    readonly port: number,
    private readonly binDir: string,
  ) {
    this.root = mkdtempSync(path.join(tmpdir(), 'portale-faults-'));
    this.dataDir = path.join(this.root, 'data');
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  private asRoot(): boolean {
    return process.getuid?.() === 0;
  }

  private async tool(name: string, args: string[]): Promise<void> {
    const command = path.join(this.binDir, name);
    if (!existsSync(command)) throw new Error(`${command} non trovato: impostare BENCH_PG_BIN (cartella di initdb e pg_ctl)`);
    if (this.asRoot()) await run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout: 120_000 });
    else await run(command, args, { timeout: 120_000 });
  }

  async init(): Promise<void> {
    if (this.asRoot()) await run('chown', ['postgres:postgres', this.root]);
    await this.tool('initdb', ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  }

  private ctl(action: string, extra: string[] = []): Promise<void> {
    const options = `-p ${this.port} -k ${this.root} -c listen_addresses=127.0.0.1`;
    return this.tool('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.root, 'server.log'), '-o', options, '-w', ...extra, action]);
  }

  start(): Promise<void> {
    return this.ctl('start');
  }

  /**
   * `fast`: a clean restart, as an operator or a package upgrade does it (backends are terminated,
   * clients see errors); `immediate`: a crash, recovered from the WAL at start.
   */
  restart(mode: 'fast' | 'immediate'): Promise<void> {
    return this.ctl('restart', ['-m', mode]);
  }

  async destroy(): Promise<void> {
    await this.ctl('stop', ['-m', 'immediate']).catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }
}
