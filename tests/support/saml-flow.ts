import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const BASE = 'localhost:3000';
export const ENTE_HOST = `comune-demo.${BASE}`;

/** A GET as the browser sends it to `url` (Host from the URL), with an optional Cookie. */
export function get(url: string, headers: Record<string, string> = {}): Request {
  return new Request(url, { headers: { host: new URL(url).host, ...headers } });
}

/** A form POST to `url`. */
export function postForm(url: string, fields: Record<string, string> | string): Request {
  const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
  return new Request(url, {
    method: 'POST',
    body,
    headers: { host: new URL(url).host, 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The hidden fields and the action of an auto-submitting form page. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const unescape = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const action = unescape(/<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = unescape(m[2]!);
  return { action, fields };
}

/** The AuthnRequest XML carried by an HTTP-Redirect URL. */
export function authnRequestOf(redirectUrl: string): { id: string; xml: string } {
  const samlRequest = new URL(redirectUrl).searchParams.get('SAMLRequest') ?? '';
  const xml = inflateRawSync(Buffer.from(samlRequest, 'base64')).toString('utf8');
  return { id: /ID="([^"]+)"/.exec(xml)?.[1] ?? '', xml };
}

/**
 * A fictitious IdP for the test run, configured as an operator would: a list in the AgID registry format
 * pointing at its metadata file, with a self-signed certificate made now (its key stays in memory).
 */
export function testIdpList(
  entityId: string,
  ssoBinding: 'HTTP-Redirect' | 'HTTP-POST' = 'HTTP-Redirect',
): { listFile: string; privateKey: string; certPem: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'idp-list-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(path.join(dir, 'key.pem'), keyPem, { mode: 0o600 });
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-new',
      '-key',
      path.join(dir, 'key.pem'),
      '-sha256',
      '-days',
      '1',
      '-subj',
      '/CN=IdP di prova',
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const certPem = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  const cert = certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  writeFileSync(
    path.join(dir, 'idp.xml'),
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">` +
      `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
      `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
      `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${entityId}slo"/>` +
      `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:${ssoBinding}" Location="${entityId}sso"/>` +
      `</md:IDPSSODescriptor></md:EntityDescriptor>`,
  );
  const listFile = path.join(dir, 'elenco.json');
  writeFileSync(
    listFile,
    JSON.stringify([{ entity_id: entityId, organization_name: 'IdP di prova', kind: 'spid', metadata_file: 'idp.xml' }]),
  );
  return { listFile, privateKey: keyPem, certPem };
}
