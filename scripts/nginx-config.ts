import './env';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from '@/lib/config';
import { NginxSiteError, renderNginxSite } from '../deploy/nginx/render';

/**
 * `npm run deploy:nginx [-- options] > /etc/nginx/conf.d/portale.conf`: the production nginx configuration,
 * from the same template the multi-instance test runs (docs/deployment.md). The domain defaults to
 * PORTAL_BASE_DOMAIN; the instances to `--instances` ports from `--first-port` on this host, or `--upstream`.
 */
function main() {
  const { values } = parseArgs({
    options: {
      domain: { type: 'string' },
      instances: { type: 'string', default: '2' },
      'first-port': { type: 'string', default: '3001' },
      upstream: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'https-port': { type: 'string', default: '443' },
      'http-port': { type: 'string', default: '80' },
      'cache-dir': { type: 'string', default: '/var/cache/nginx/portale' },
      'access-log': { type: 'string', default: '/var/log/nginx/portale.access.log' },
    },
  });
  const domain = values.domain ?? readConfig().PORTAL_BASE_DOMAIN.replace(/:\d+$/, '');
  const firstPort = Number(values['first-port']);
  const instances =
    values.upstream?.split(',').map((i) => i.trim()) ??
    Array.from({ length: Number(values.instances) }, (_, i) => `127.0.0.1:${firstPort + i}`);
  process.stdout.write(
    renderNginxSite({
      baseDomain: domain,
      listenAddresses: ['*', '[::]'],
      httpsPort: Number(values['https-port']),
      httpPort: Number(values['http-port']),
      instances,
      // A wildcard certificate for the base domain and *.base domain (Let's Encrypt: DNS-01 challenge).
      certificate: values.cert ?? `/etc/letsencrypt/live/${domain}/fullchain.pem`,
      certificateKey: values.key ?? `/etc/letsencrypt/live/${domain}/privkey.pem`,
      cacheDir: values['cache-dir'],
      accessLog: values['access-log'],
    }),
  );
}

try {
  main();
} catch (error) {
  console.error(error instanceof NginxSiteError || error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
