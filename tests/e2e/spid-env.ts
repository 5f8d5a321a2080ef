import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EnvOverrides } from './harness';

let cached: EnvOverrides | undefined;

/**
 * SPID with the demo IdP on a production build: production refuses the repository's demo key pair, so each
 * run makes a throwaway one (openssl, RSA 2048, two days). The organisation is the provider's configured identity.
 */
export function e2eSpidEnv(): EnvOverrides {
  if (cached) return cached;
  const dir = mkdtempSync(path.join(tmpdir(), 'portale-e2e-sp-'));
  const key = path.join(dir, 'sp-key.pem');
  const cert = path.join(dir, 'sp-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      '/C=IT/O=Provincia e2e/CN=Provincia e2e',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    {
      stdio: 'ignore',
    },
  );
  cached = {
    SPID_ENABLED: 'true',
    DEMO_IDP_ENABLED: 'true',
    SPID_SP_CERT_PEM: readFileSync(cert, 'utf8'),
    SPID_SP_KEY_PEM: readFileSync(key, 'utf8'),
    SPID_SP_IPA_CODE: 'e2e_prov',
    SPID_SP_CONTACT_EMAIL: 'spid-e2e@provincia.example.it',
  };
  return cached;
}
