import './env';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npx tsx scripts/spid-keygen.ts --entity-id URL --org NOME --ipa CODICE --locality CITTÀ --out DIR [--days N]`
 * writes DIR/sp-key.pem (RSA 3072, mode 0600) and DIR/sp-cert.pem, a self-signed certificate with the
 * subject AgID asks of a public SPID service provider: C=IT, L, O, organizationIdentifier=PA:IT-<ipa>,
 * uri (2.5.4.83)=<entityID>, CN=<org>, and the certificate policies agIDcert + spid-publicsector-SP.
 * It refuses to overwrite existing files. Needs `openssl` (3.x) on the PATH.
 */

// Values go into an OpenSSL config file: line breaks are refused, and `$` (variables), `#` (comments),
// quotes (which OpenSSL strips, e.g. "dell'Aquila") and `\` are backslash-escaped to stay literal.
const SAFE_VALUE = /^[^\x00-\x1f\x7f]{1,200}$/;
const configValue = (value: string) => value.replace(/[\\$#'"]/g, (c) => `\\${c}`);

function required(name: string, value: string | undefined, pattern: RegExp, hint: string): string {
  if (value === undefined || !pattern.test(value)) throw new Error(`--${name}: ${hint}`);
  return value;
}

function main() {
  const { values } = parseArgs({
    options: {
      'entity-id': { type: 'string' },
      org: { type: 'string' },
      ipa: { type: 'string' },
      locality: { type: 'string' },
      out: { type: 'string' },
      days: { type: 'string', default: '730' },
    },
  });
  const entityId = required(
    'entity-id',
    values['entity-id'],
    /^https?:\/\/[^\s\\"'$#]+$/,
    'URL del service provider (es. https://pagamenti.provincia.it)',
  );
  const org = required('org', values.org, SAFE_VALUE, 'nome dell’organizzazione (es. "Provincia di Esempio")');
  const ipa = required('ipa', values.ipa, /^[A-Za-z0-9_]{1,20}$/, 'codice IPA (lettere, cifre, _)');
  const locality = required('locality', values.locality, SAFE_VALUE, 'comune della sede (es. Roma)');
  const outDir = required('out', values.out, /^.+$/, 'cartella in cui scrivere chiave e certificato');
  const days = required('days', values.days, /^[1-9][0-9]{0,4}$/, 'giorni di validità');

  const keyPath = path.join(outDir, 'sp-key.pem');
  const certPath = path.join(outDir, 'sp-cert.pem');
  for (const file of [keyPath, certPath]) if (existsSync(file)) throw new Error(`${file} esiste già: non lo sovrascrivo`);
  mkdirSync(outDir, { recursive: true });

  const work = mkdtempSync(path.join(tmpdir(), 'spid-keygen-'));
  try {
    const configPath = path.join(work, 'openssl.cnf');
    writeFileSync(
      configPath,
      [
        // OpenSSL has no short name for 2.5.4.83 (uri), so it is declared here.
        'oid_section = oids',
        '[oids]',
        'spidUri = 2.5.4.83',
        '[req]',
        'prompt = no',
        'distinguished_name = dn',
        'x509_extensions = ext',
        '[dn]',
        'C = IT',
        `L = ${configValue(locality)}`,
        `O = ${configValue(org)}`,
        `organizationIdentifier = PA:IT-${ipa}`,
        `spidUri = ${entityId}`,
        `CN = ${configValue(org)}`,
        '[ext]',
        'basicConstraints = critical, CA:FALSE',
        'keyUsage = critical, digitalSignature, nonRepudiation',
        // agIDcert and spid-publicsector-SP.
        'certificatePolicies = 1.3.76.16.6, 1.3.76.16.4.2.1',
        'subjectKeyIdentifier = hash',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const tmpKey = path.join(work, 'key.pem');
    const tmpCert = path.join(work, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-newkey',
        'rsa:3072',
        '-nodes',
        '-sha256',
        '-days',
        days,
        '-config',
        configPath,
        '-keyout',
        tmpKey,
        '-out',
        tmpCert,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    writeFileSync(keyPath, execFileSync('openssl', ['pkey', '-in', tmpKey]), { mode: 0o600 });
    writeFileSync(certPath, execFileSync('openssl', ['x509', '-in', tmpCert]), { mode: 0o644 });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`Chiave privata: ${keyPath} (da tenere segreta: SPID_SP_KEY_PEM)`);
  console.log(`Certificato:    ${certPath} (SPID_SP_CERT_PEM, pubblicato nei metadata)`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
