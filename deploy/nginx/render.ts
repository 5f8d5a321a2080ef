import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FRONT_MAX_BODY_BYTES } from '@/lib/http/body-limits';

export const NGINX_TEMPLATE = path.join(process.cwd(), 'deploy', 'nginx', 'portale.conf.template');

/** What differs between one nginx in front of the portal and another: production, the multi-instance test. */
export interface NginxSite {
  /** The base domain without port: the site answers on it and on every `*.` subdomain. */
  baseDomain: string;
  /** Where nginx listens: `*` and `[::]` in production, `127.0.0.1` in the test. */
  listenAddresses: string[];
  httpsPort: number;
  httpPort: number;
  /** The `next start` instances, `host:port`. */
  instances: string[];
  /** The wildcard certificate (full chain) and its key, PEM. */
  certificate: string;
  certificateKey: string;
  cacheDir: string;
  accessLog: string;
}

export class NginxSiteError extends Error {}

const DOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ADDRESS = /^(\*|[0-9.]{7,15}|\[[0-9a-f:.]+\])$/;
const INSTANCE = /^([a-z0-9.-]+|\[[0-9a-f:.]+\]):[0-9]{1,5}$/;
/** A path nginx reads as one token: absolute, nothing that ends or opens a directive. */
const FILE_PATH = /^\/[A-Za-z0-9._/+@-]*$/;

function problems(site: NginxSite): string[] {
  const found: string[] = [];
  if (!DOMAIN.test(site.baseDomain)) found.push(`dominio base non valido: ${site.baseDomain} (senza porta, es. pagamenti.provincia.it)`);
  if (site.listenAddresses.length === 0) found.push('nessun indirizzo di ascolto');
  for (const a of site.listenAddresses) if (!ADDRESS.test(a)) found.push(`indirizzo di ascolto non valido: ${a} (es. *, [::], 127.0.0.1)`);
  for (const [name, port] of [
    ['https', site.httpsPort],
    ['http', site.httpPort],
  ] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) found.push(`porta ${name} non valida: ${port}`);
  }
  if (site.instances.length === 0) found.push("nessuna istanza dell'applicazione");
  for (const i of site.instances) if (!INSTANCE.test(i)) found.push(`istanza non valida: ${i} (host:porta)`);
  for (const [name, file] of [
    ['certificato', site.certificate],
    ['chiave del certificato', site.certificateKey],
    ['cartella della cache', site.cacheDir],
    ['log degli accessi', site.accessLog],
  ] as const) {
    if (!FILE_PATH.test(file)) found.push(`${name}: serve un percorso assoluto senza spazi né ; { } (${file})`);
  }
  return found;
}

/** nginx's size syntax, rounded up to whole megabytes. */
export function nginxSize(bytes: number): string {
  return `${Math.ceil(bytes / (1024 * 1024))}m`;
}

/**
 * The nginx configuration of `site`, from the one template (deploy/nginx/portale.conf.template). A line
 * naming {{address}} or {{instance}} is repeated for each listen address or app instance; every other
 * placeholder is replaced once. Values are checked first, since they end up as nginx directives.
 */
export function renderNginxSite(site: NginxSite, template = readFileSync(NGINX_TEMPLATE, 'utf8')): string {
  const found = problems(site);
  if (found.length > 0) throw new NginxSiteError(`Configurazione di nginx non valida:\n${found.map((p) => `  - ${p}`).join('\n')}`);
  const lists: Record<string, string[]> = { address: site.listenAddresses, instance: site.instances };
  const values: Record<string, string> = {
    base_domain: site.baseDomain,
    https_port: String(site.httpsPort),
    http_port: String(site.httpPort),
    https_port_suffix: site.httpsPort === 443 ? '' : `:${site.httpsPort}`,
    certificate: site.certificate,
    certificate_key: site.certificateKey,
    cache_dir: site.cacheDir,
    access_log: site.accessLog,
    client_max_body_size: nginxSize(FRONT_MAX_BODY_BYTES),
  };
  const lines = template.split('\n').flatMap((line) => {
    const list = Object.keys(lists).find((name) => line.includes(`{{${name}}}`));
    return list ? lists[list]!.map((item) => line.replaceAll(`{{${list}}}`, item)) : [line];
  });
  return lines.join('\n').replace(/\{\{([a-z_]+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new NginxSiteError(`Segnaposto sconosciuto nel modello di nginx: ${placeholder}`);
    return value;
  });
}
