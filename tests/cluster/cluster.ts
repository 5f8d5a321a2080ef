import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { bootstrapDatabase, type Database } from '@/db';
import { openDatabase } from '@/db/client';
import { readConfig } from '@/lib/config';
import { killAllPortals, startPortal, type HostResponse, type RunningPortal } from '../e2e/harness';
import { startNginx, type RunningNginx } from './nginx';

export interface ClusterOptions {
  /** nginx answers https on base + 43 and http on base + 44; the instances listen on base + 1, base + 2… */
  basePort: number;
  instances: number;
  /** A PostgreSQL server: the run creates a fresh database on it, and drops it when it stops. */
  serverUrl: string;
  /**
   * Names the run's temporary folder, and its database and roles: `<prefix>_<label>_<pid>` (`_owner`,
   * `_app`), prefix CLUSTER_DB_PREFIX (`portale`) for a shared server where each user has a namespace.
   */
  label: string;
}

export interface Cluster {
  /** The run's temporary folder (removed by stop): nginx's files, screenshots. */
  dir: string;
  /** The run's own connection, as the application role: to prepare data and to audit the outcome. */
  db: Database;
  nginx: RunningNginx;
  instances: RunningPortal[];
  /** The public site, through nginx: `url()` gives https://<slug>.localhost:<https port>/… */
  site: Pick<RunningPortal, 'base' | 'url'>;
  /** A request through nginx over TLS, certificate verified against the run's own, with the base domain as Host. */
  request(pathname: string, options?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<HostResponse>;
  /** Requests nginx sent to more than one instance (an instance failed under it), from its access log. */
  retriedByNginx(): number;
  /** The instances (`host:port`) that answered at least one request, from nginx's access log. */
  instancesThatAnswered(): Set<string>;
  /** Stops everything the run started and removes everything it made; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * The production topology on loopback: nginx from deploy/nginx terminating TLS with a self-signed wildcard
 * certificate, in front of `instances` production builds (`next start`, each with its in-process worker)
 * on one fresh PostgreSQL database, migrated and seeded once before they start. The database roles are
 * production's (README, «Due ruoli»): a schema owner that only migrates, an application role that may only
 * INSERT and SELECT receipts; the instances connect as the latter without the owner's URL, so they only
 * check that the schema is current. The instances run as in production (https, no insecure-HTTP
 * allowance) with the demo conveniences on, trust the run's certificate (the sandbox's callbacks go through
 * nginx too) and get REDIS_URL. Whatever fails half-way, and on
 * SIGINT or SIGTERM, what was started is stopped and what was made is removed.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
      await cleanup().catch((error: unknown) => console.error('pulizia del cluster:', error));
    }
  };
  // Interrupted (Ctrl+C, a CI timeout) at any point, the run still leaves nothing behind.
  const interrupted = () => {
    killAllPortals();
    void stop().finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, interrupted);
  cleanups.push(async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, interrupted);
  });
  try {
    const dir = mkdtempSync(path.join(tmpdir(), `portale-${options.label}-`));
    chmodSync(dir, 0o755); // nginx's workers (nobody, under root) reach their cache below it
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));

    const name = `${process.env.CLUSTER_DB_PREFIX ?? 'portale'}_${options.label}_${process.pid}`;
    const [ownerRole, appRole] = [`${name}_owner`, `${name}_app`];
    const admin = postgres(options.serverUrl, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end());
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`drop role if exists ${ownerRole}, ${appRole}`);
    await admin.unsafe(`create role ${ownerRole} login`);
    await admin.unsafe(`create role ${appRole} login`);
    // Runs after the database is dropped (cleanups run last first): then the roles own nothing.
    cleanups.push(() => admin.unsafe(`drop role if exists ${ownerRole}, ${appRole}`));
    await admin.unsafe(`create database ${name} owner ${ownerRole}`);
    cleanups.push(() => admin.unsafe(`drop database if exists ${name} with (force)`));
    await admin.unsafe(`revoke all on database ${name} from public`);
    await admin.unsafe(`grant connect on database ${name} to ${appRole}`);
    const urlAs = (role: string) => {
      const url = new URL(options.serverUrl);
      url.username = role;
      url.password = '';
      url.pathname = `/${name}`;
      return url.toString();
    };
    const appUrl = urlAs(appRole);
    const handle = await openDatabase({ url: appUrl });
    cleanups.push(() => handle.close());
    // The release step: migrations through the owner's URL, then the demo data through the app's connection.
    await bootstrapDatabase(
      handle,
      { seed: true },
      { ...readConfig(), DATABASE_URL: appUrl, DATABASE_MIGRATION_URL: urlAs(ownerRole), DATABASE_APP_ROLE: appRole },
    );

    const httpsPort = options.basePort + 43;
    const instancePorts = Array.from({ length: options.instances }, (_, i) => options.basePort + 1 + i);
    const base = `localhost:${httpsPort}`;
    const nginxDir = path.join(dir, 'nginx');
    mkdirSync(nginxDir);
    const nginx = await startNginx({
      dir: nginxDir,
      baseDomain: 'localhost',
      httpsPort,
      httpPort: options.basePort + 44,
      instances: instancePorts.map((port) => `127.0.0.1:${port}`),
    });
    cleanups.push(() => nginx.stop());

    const started = await Promise.allSettled(
      instancePorts.map((port) =>
        startPortal(port, {
          DATABASE_URL: appUrl,
          DATABASE_MIGRATION_URL: '',
          DATABASE_APP_ROLE: appRole,
          PORTAL_BASE_DOMAIN: base,
          PORTAL_SCHEME: 'https',
          ALLOW_INSECURE_HTTP: '',
          // The default: the public address, through nginx, as a partner would call it.
          SANDBOX_CALLBACK_URL: '',
          SEED_DEMO_DATA: 'false',
          TRUSTED_PROXY_HOPS: '1',
          NODE_EXTRA_CA_CERTS: nginx.certificatePath,
          REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          // Keys of this run's own: pages of an earlier run (another database) or of another run at once never show.
          REDIS_KEY_PREFIX: `${name}:`,
        }),
      ),
    );
    const instances = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    for (const instance of instances) cleanups.push(() => instance.stop());
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;

    const accessLog = () => readFileSync(nginx.accessLogPath, 'utf8').split('\n').filter(Boolean);
    const agent = new Agent({ keepAlive: true, ca: nginx.certificate });
    cleanups.push(async () => agent.destroy());
    return {
      dir,
      db: handle.db,
      nginx,
      instances,
      site: instances[0]!,
      request: (pathname, { method = 'GET', headers = {}, body = '' } = {}) =>
        new Promise((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port: httpsPort,
              path: pathname,
              method,
              agent,
              // The certificate is checked for the base domain even when a request names an Ente's host: Node does
              // not match a one-label wildcard (*.localhost), which a browser is told to accept in these tests.
              servername: base.split(':')[0],
              headers: { host: base, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers },
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
              );
              res.on('error', reject);
            },
          );
          req.on('error', reject);
          req.end(body);
        }),
      retriedByNginx: () => accessLog().filter((line) => /upstream=[^ ]+, /.test(line)).length,
      // The last instance nginx tried is the one that answered; `-` is an answer from nginx's cache.
      instancesThatAnswered: () =>
        new Set(
          accessLog()
            .map((line) => /upstream=([^/]*)\//.exec(line)?.[1]?.split(', ').at(-1) ?? '-')
            .filter((address) => address !== '-'),
        ),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
