import { readFileSync } from 'node:fs';
import { NGINX_TEMPLATE, NginxSiteError, nginxSize, renderNginxSite, type NginxSite } from '@/deploy/nginx/render';
import { FRONT_MAX_BODY_BYTES } from '@/lib/http/body-limits';
import { MAX_IMPORT_REQUEST_BYTES } from '@/lib/imports/csv-format';

const PRODUCTION: NginxSite = {
  baseDomain: 'pagamenti.provincia.brescia.it',
  listenAddresses: ['*', '[::]'],
  httpsPort: 443,
  httpPort: 80,
  instances: ['127.0.0.1:3001', '127.0.0.1:3002', '127.0.0.1:3003'],
  certificate: '/etc/letsencrypt/live/pagamenti.provincia.brescia.it/fullchain.pem',
  certificateKey: '/etc/letsencrypt/live/pagamenti.provincia.brescia.it/privkey.pem',
  cacheDir: '/var/cache/nginx/portale',
  accessLog: '/var/log/nginx/portale.access.log',
};

/** The directives of the `location <path>` block. */
function locationBlock(conf: string, location: string): string {
  const start = conf.indexOf(`location ${location} {`);
  return conf.slice(start, conf.indexOf('}', start));
}

describe('renderNginxSite', () => {
  const conf = renderNginxSite(PRODUCTION);

  it('fills every placeholder and repeats listen and upstream lines', () => {
    expect(conf).not.toMatch(/\{\{|\}\}/);
    expect(conf.match(/^ {4}server 127\.0\.0\.1:300\d max_fails=1 fail_timeout=5s;$/gm)).toHaveLength(3);
    expect(conf.match(/listen \*:443 ssl http2( default_server)?;/g)).toHaveLength(2);
    expect(conf.match(/listen \[::\]:443 ssl http2( default_server)?;/g)).toHaveLength(2);
    expect(conf.match(/listen (\*|\[::\]):80( default_server)?;/g)).toHaveLength(4);
    expect(conf).toContain('server_name pagamenti.provincia.brescia.it *.pagamenti.provincia.brescia.it;');
    expect(conf).toContain(`ssl_certificate ${PRODUCTION.certificate};`);
    expect(conf).toContain(`ssl_certificate_key ${PRODUCTION.certificateKey};`);
  });

  it('redirects http to https, with the port only when it is not 443', () => {
    expect(conf).toContain('return 301 https://$host$request_uri;');
    expect(renderNginxSite({ ...PRODUCTION, httpsPort: 4443, httpPort: 4480 })).toContain('return 301 https://$host:4443$request_uri;');
  });

  it("lets through the app's largest body, so that the route itself answers past its cap", () => {
    expect(conf).toContain(`client_max_body_size ${nginxSize(FRONT_MAX_BODY_BYTES)};`);
    expect(Number.parseInt(nginxSize(FRONT_MAX_BODY_BYTES), 10) * 1024 * 1024).toBeGreaterThan(MAX_IMPORT_REQUEST_BYTES);
  });

  it('forwards Host with its port, the client, the scheme and a request id; HSTS stays with the app', () => {
    for (const directive of [
      'proxy_set_header Host $http_host;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'proxy_set_header X-Request-Id $portale_request_id;',
      'proxy_set_header Connection "";',
      'keepalive 32;',
    ]) {
      expect(conf).toContain(directive);
    }
    expect(conf).not.toMatch(/add_header\s+Strict-Transport-Security/i);
  });

  it('sends a POST to a second instance only for the partner pushes', () => {
    expect(locationBlock(conf, '/api/partners/')).toContain('proxy_next_upstream error timeout non_idempotent;');
    expect(conf.match(/non_idempotent/g)).toHaveLength(1);
    expect(locationBlock(conf, '/_next/static/')).toContain('proxy_cache portale_static;');
  });

  it('keeps in its page cache only what the app marks with X-Accel-Expires, never by Cache-Control', () => {
    const pages = locationBlock(conf, '/')
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .join('\n');
    expect(pages).toContain('proxy_cache portale_pages;');
    expect(pages).toContain('proxy_ignore_headers Cache-Control Expires;');
    // No default lifetime: a response without X-Accel-Expires (every page but the cached ones) is never kept, nor
    // one that sets a cookie (not in the ignored headers).
    expect(pages).not.toMatch(/proxy_cache_valid|Set-Cookie|X-Accel-Expires/i);
    expect(pages).not.toContain('proxy_cache_lock');
    expect(locationBlock(conf, '/api/partners/')).not.toContain('proxy_cache');
  });

  it('refuses values that would become other directives', () => {
    const bad: Partial<NginxSite>[] = [
      { baseDomain: 'pagamenti.it; include /etc/passwd' },
      { baseDomain: 'pagamenti.it:443' },
      { listenAddresses: [] },
      { listenAddresses: ['0.0.0.0:80 ssl'] },
      { httpsPort: 0 },
      { instances: [] },
      { instances: ['127.0.0.1:3001 backup; }'] },
      { certificate: 'relative/cert.pem' },
      { certificateKey: '/etc/ssl/key.pem;' },
      { accessLog: '/var/log/nginx/a log' },
    ];
    for (const change of bad) expect(() => renderNginxSite({ ...PRODUCTION, ...change })).toThrow(NginxSiteError);
  });

  it('refuses a template with a placeholder it does not know', () => {
    const template = `${readFileSync(NGINX_TEMPLATE, 'utf8')}\n# {{unknown}}\n`;
    expect(() => renderNginxSite(PRODUCTION, template)).toThrow('{{unknown}}');
  });
});
