import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { renderNginxSite } from '../../deploy/nginx/render';

export const NGINX_PATH = process.env.NGINX_PATH ?? 'nginx';

export interface RunningNginx {
  httpsPort: number;
  httpPort: number;
  /** The self-signed wildcard certificate (PEM), to trust it. */
  certificate: string;
  certificatePath: string;
  accessLogPath: string;
  /** The last lines of nginx's error log (upstream failures, refused configuration). */
  errors(lines?: number): string[];
  stop(): Promise<void>;
}

export interface NginxTestSite {
  /** Everything nginx writes (configuration, certificate, cache, temporary files, logs, pid) goes here. */
  dir: string;
  baseDomain: string;
  httpsPort: number;
  httpPort: number;
  instances: string[];
}

/** A throw-away certificate for the base domain and `*.` of it, as the production wildcard one. */
function selfSignedWildcard(dir: string, domain: string): { certificate: string; key: string } {
  const certificate = path.join(dir, 'wildcard.pem');
  const key = path.join(dir, 'wildcard.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      `/CN=${domain}`,
      '-addext',
      `subjectAltName=DNS:${domain},DNS:*.${domain}`,
      '-keyout',
      key,
      '-out',
      certificate,
    ],
    { stdio: 'ignore' },
  );
  return { certificate, key };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * nginx with the production template (deploy/nginx) rendered for loopback: own prefix, pid, logs, cache and
 * temporary paths under `dir`, in the foreground as a child of this process (its own process group).
 * The main file around the site is what Debian's /etc/nginx/nginx.conf is in production.
 */
export async function startNginx(site: NginxTestSite): Promise<RunningNginx> {
  const { dir } = site;
  const { certificate, key } = selfSignedWildcard(dir, site.baseDomain);
  const accessLogPath = path.join(dir, 'access.log');
  writeFileSync(
    path.join(dir, 'portale.conf'),
    renderNginxSite({
      baseDomain: site.baseDomain,
      listenAddresses: ['127.0.0.1'],
      httpsPort: site.httpsPort,
      httpPort: site.httpPort,
      instances: site.instances,
      certificate,
      certificateKey: key,
      cacheDir: path.join(dir, 'cache'),
      accessLog: accessLogPath,
    }),
  );
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, 'temp', name)};`;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${temp(name)}`),
      `  include ${path.join(dir, 'portale.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  // Started as root, nginx's workers run as nobody: they must reach the cache and temporary folders
  // (`dir` and the folders above it must be traversable).
  chmodSync(dir, 0o755);
  for (const writable of ['temp', 'cache']) {
    mkdirSync(path.join(dir, writable));
    chmodSync(path.join(dir, writable), 0o777);
  }
  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')];
  execFileSync(NGINX_PATH, [...args, '-t', '-q'], { stdio: 'inherit' });
  const child = spawn(NGINX_PATH, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const deadline = Date.now() + 10_000;
  while (!(await portOpen(site.httpsPort))) {
    if (child.exitCode !== null) throw new Error(`nginx è terminato con codice ${child.exitCode}: ${path.join(dir, 'error.log')}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error('nginx non ascolta entro 10 secondi');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    httpsPort: site.httpsPort,
    httpPort: site.httpPort,
    certificate: readFileSync(certificate, 'utf8'),
    certificatePath: certificate,
    accessLogPath,
    errors: (lines = 20) => readFileSync(path.join(dir, 'error.log'), 'utf8').split('\n').filter(Boolean).slice(-lines),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGQUIT'); // graceful: workers finish their connections
      const late = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(late);
    },
  };
}
