import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import xpath from 'xpath';
import { buildSpMetadata } from '@/lib/auth/saml/metadata';
import { SpConfigError, spConfigFromEnv, type SpConfig } from '@/lib/auth/saml/sp-config';
import { ConfigError, parseConfig } from '@/lib/config';

const select = xpath.useNamespaces({
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  spid: 'https://spid.gov.it/saml-extensions',
  cie: 'https://www.cartaidentita.interno.gov.it/saml-extensions',
  xml: 'http://www.w3.org/XML/1998/namespace',
});

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}
function nodes(doc: Document, expr: string): Element[] {
  return select(expr, doc as unknown as globalThis.Node) as unknown as Element[];
}
function one(doc: Document, expr: string): Element {
  const found = nodes(doc, expr);
  expect(found).toHaveLength(1);
  return found[0]!;
}
function text(doc: Document, expr: string): string {
  return one(doc, expr).textContent ?? '';
}

/** Verifies the enveloped signature with `certPem` only (never the KeyInfo inside the document). */
function verify(xml: string, certPem: string): { valid: boolean; signed: string[] } {
  const doc = parse(xml);
  const signatures = nodes(doc, '//ds:Signature');
  expect(signatures).toHaveLength(1);
  const verifier = new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null });
  verifier.loadSignature(signatures[0] as unknown as Node as unknown as globalThis.Node);
  let valid: boolean;
  try {
    valid = verifier.checkSignature(xml);
  } catch {
    valid = false;
  }
  return { valid, signed: valid ? verifier.getSignedReferences() : [] };
}

const work = mkdtempSync(path.join(tmpdir(), 'saml-metadata-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A throw-away self-signed pair made with openssl (node:crypto cannot make certificates). */
function opensslPair(name: string, bits = 2048): { certPem: string; keyPem: string } {
  const key = path.join(work, `${name}.key`);
  const cert = path.join(work, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-new',
      '-newkey',
      `rsa:${bits}`,
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { certPem: readFileSync(cert, 'utf8'), keyPem: readFileSync(key, 'utf8') };
}

const env = {
  NODE_ENV: 'test',
  PORTAL_SCHEME: 'https',
  PORTAL_BASE_DOMAIN: 'pagamenti.provincia.example',
  SPID_SP_IPA_CODE: 'p_es',
  SPID_SP_ORG_NAME: 'Provincia di Esempio',
  SPID_SP_CONTACT_EMAIL: 'protocollo@provincia.example',
  SPID_SP_CONTACT_PHONE: '+390612345678',
};
const sp: SpConfig = spConfigFromEnv(parseConfig(env), [
  { serviceIndex: 1, name: 'Comune di Alfa' },
  { serviceIndex: 2, name: 'Comune di Beta' },
]);

describe('SPID metadata: every element AgID checks', () => {
  const xml = buildSpMetadata(sp, 'spid');
  const doc = parse(xml);

  it('has the entityID on the base domain and one SPSSODescriptor that asks for signed requests and assertions', () => {
    expect(one(doc, '/md:EntityDescriptor').getAttribute('entityID')).toBe('https://pagamenti.provincia.example');
    const sso = one(doc, '/md:EntityDescriptor/md:SPSSODescriptor');
    expect(sso.getAttribute('protocolSupportEnumeration')).toBe('urn:oasis:names:tc:SAML:2.0:protocol');
    expect(sso.getAttribute('AuthnRequestsSigned')).toBe('true');
    expect(sso.getAttribute('WantAssertionsSigned')).toBe('true');
  });

  it('publishes the configured signing certificate', () => {
    const published = text(doc, '//md:SPSSODescriptor/md:KeyDescriptor[@use="signing"]/ds:KeyInfo/ds:X509Data/ds:X509Certificate');
    expect(published).toBe(sp.certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
  });

  it('asks for transient NameIDs, has one default ACS at index 0 (HTTP-POST) and a SingleLogoutService', () => {
    expect(text(doc, '//md:SPSSODescriptor/md:NameIDFormat')).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:transient');
    const acs = one(doc, '//md:SPSSODescriptor/md:AssertionConsumerService');
    expect(acs.getAttribute('index')).toBe('0');
    expect(acs.getAttribute('isDefault')).toBe('true');
    expect(acs.getAttribute('Binding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(acs.getAttribute('Location')).toBe('https://pagamenti.provincia.example/spid/acs');
    const slo = one(doc, '//md:SPSSODescriptor/md:SingleLogoutService');
    expect(slo.getAttribute('Location')).toBe('https://pagamenti.provincia.example/spid/slo');
  });

  it('has an AttributeConsumingService for the Province and one naming each Ente, with the SPID attributes', () => {
    const services = nodes(doc, '//md:SPSSODescriptor/md:AttributeConsumingService');
    expect(services.map((s) => s.getAttribute('index'))).toEqual(['0', '1', '2']);
    expect(text(doc, '//md:AttributeConsumingService[@index="0"]/md:ServiceName[@xml:lang="it"]')).toBe('Pagamenti - Provincia di Esempio');
    expect(text(doc, '//md:AttributeConsumingService[@index="2"]/md:ServiceName[@xml:lang="it"]')).toBe('Pagamenti - Comune di Beta');
    for (const index of ['0', '1', '2']) {
      const names = nodes(doc, `//md:AttributeConsumingService[@index="${index}"]/md:RequestedAttribute`).map((a) =>
        a.getAttribute('Name'),
      );
      expect(names).toEqual(['fiscalNumber', 'name', 'familyName', 'email']);
    }
  });

  it('has the Organization (name, display name, URL in Italian)', () => {
    expect(text(doc, '/md:EntityDescriptor/md:Organization/md:OrganizationName[@xml:lang="it"]')).toBe('Provincia di Esempio');
    expect(text(doc, '/md:EntityDescriptor/md:Organization/md:OrganizationDisplayName[@xml:lang="it"]')).toBe('Provincia di Esempio');
    expect(text(doc, '/md:EntityDescriptor/md:Organization/md:OrganizationURL[@xml:lang="it"]')).toBe(
      'https://pagamenti.provincia.example',
    );
  });

  it('has ContactPerson "other" with spid:IPACode and spid:Public, e-mail and phone', () => {
    const contact = '/md:EntityDescriptor/md:ContactPerson[@contactType="other"]';
    expect(text(doc, `${contact}/md:Extensions/spid:IPACode`)).toBe('p_es');
    one(doc, `${contact}/md:Extensions/spid:Public`);
    expect(nodes(doc, `${contact}/md:Extensions/spid:Private`)).toHaveLength(0);
    expect(text(doc, `${contact}/md:EmailAddress`)).toBe('protocollo@provincia.example');
    expect(text(doc, `${contact}/md:TelephoneNumber`)).toBe('+390612345678');
  });

  it('is signed with RSA-SHA256, SHA-256 digest, exclusive c14n, Signature as first child of the root', () => {
    const root = one(doc, '/md:EntityDescriptor');
    let first = root.firstChild;
    while (first && first.nodeType !== 1) first = first.nextSibling;
    expect((first as Element).localName).toBe('Signature');
    expect(one(doc, '//ds:SignedInfo/ds:SignatureMethod').getAttribute('Algorithm')).toBe(
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    );
    expect(one(doc, '//ds:SignedInfo/ds:CanonicalizationMethod').getAttribute('Algorithm')).toBe('http://www.w3.org/2001/10/xml-exc-c14n#');
    expect(one(doc, '//ds:Reference/ds:DigestMethod').getAttribute('Algorithm')).toBe('http://www.w3.org/2001/04/xmlenc#sha256');
    expect(one(doc, '//ds:Reference').getAttribute('URI')).toBe(`#${root.getAttribute('ID')}`);
    expect(nodes(doc, '//ds:Transform').map((t) => t.getAttribute('Algorithm'))).toEqual([
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ]);
  });

  it('verifies with the SP certificate, and the signed reference is the whole EntityDescriptor', () => {
    const { valid, signed } = verify(xml, sp.certPem);
    expect(valid).toBe(true);
    expect(signed).toHaveLength(1);
    expect(signed[0]).toContain('<md:EntityDescriptor');
    expect(signed[0]).toContain('>p_es</spid:IPACode>');
  });

  it('is byte-for-byte stable for the same configuration (cacheable, no spurious re-registration)', () => {
    expect(buildSpMetadata(sp, 'spid')).toBe(xml);
  });
});

describe('SPID metadata: attacks on the signed document', () => {
  const xml = buildSpMetadata(sp, 'spid');

  it.each([
    ['another IPA code', '<spid:IPACode>p_es</spid:IPACode>', '<spid:IPACode>p_evil</spid:IPACode>'],
    ['an ACS that points elsewhere', 'https://pagamenti.provincia.example/spid/acs', 'https://evil.example/spid/acs'],
    ['WantAssertionsSigned switched off', 'WantAssertionsSigned="true"', 'WantAssertionsSigned="false"'],
    [
      'an extra requested attribute',
      '<md:RequestedAttribute Name="email"',
      '<md:RequestedAttribute Name="mobilePhone" NameFormat="x"/><md:RequestedAttribute Name="email"',
    ],
  ])('tampering with %s breaks the signature', (_what, from, to) => {
    expect(xml).toContain(from);
    expect(verify(xml.replace(from, to), sp.certPem).valid).toBe(false);
  });

  it('a certificate other than ours does not verify it', () => {
    expect(verify(xml, opensslPair('other').certPem).valid).toBe(false);
  });

  it('markup in the organisation name is escaped, not injected into the document', () => {
    const hostile = spConfigFromEnv(parseConfig({ ...env, SPID_SP_ORG_NAME: 'Prov</md:OrganizationName><spid:Private/>&' }));
    const doc = parse(buildSpMetadata(hostile, 'spid'));
    expect(nodes(doc, '//spid:Private')).toHaveLength(0);
    expect(text(doc, '//md:OrganizationName')).toBe('Prov</md:OrganizationName><spid:Private/>&');
  });
});

describe('CIE metadata', () => {
  const xml = buildSpMetadata(sp, 'cie');
  const doc = parse(xml);

  it('uses the CIE extensions namespace and only eIDAS minimum-dataset attributes, and verifies', () => {
    one(doc, '//md:ContactPerson[@contactType="other"]/md:Extensions/cie:Public');
    expect(text(doc, '//md:ContactPerson/md:Extensions/cie:IPACode')).toBe('p_es');
    expect(nodes(doc, '//spid:IPACode')).toHaveLength(0);
    const names = nodes(doc, '//md:AttributeConsumingService[@index="0"]/md:RequestedAttribute').map((a) => a.getAttribute('Name'));
    expect(names).toEqual(['fiscalNumber', 'name', 'familyName', 'dateOfBirth']);
    expect(verify(xml, sp.certPem).valid).toBe(true);
  });
});

describe('SP configuration refuses unsafe keys', () => {
  it('production with SPID enabled refuses to start without its own key pair, IPA code and contact', () => {
    expect(() =>
      parseConfig({
        NODE_ENV: 'production',
        AUTH_SECRET: 'x'.repeat(32),
        PARTNER_SECRETS_KEY: 'y'.repeat(32),
        PORTAL_SCHEME: 'https',
        SPID_ENABLED: 'true',
      }),
    ).toThrow(ConfigError);
    try {
      parseConfig({
        NODE_ENV: 'production',
        AUTH_SECRET: 'x'.repeat(32),
        PARTNER_SECRETS_KEY: 'y'.repeat(32),
        PORTAL_SCHEME: 'https',
        SPID_ENABLED: 'true',
      });
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const key of ['SPID_SP_CERT_PEM', 'SPID_SP_KEY_PEM', 'SPID_SP_IPA_CODE', 'SPID_SP_CONTACT_EMAIL']) {
        expect(problems).toContain(key);
      }
      // The organisation's name is the provider's identity (npm run setup), unless SPID_SP_ORG_NAME overrides it.
      expect(problems).not.toContain('SPID_SP_ORG_NAME');
    }
  });

  it('production never falls back to the committed demo pair, even with SPID off', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(32),
      PARTNER_SECRETS_KEY: 'y'.repeat(32),
      PORTAL_SCHEME: 'https',
    });
    expect(config.SPID_ENABLED).toBe(false);
    expect(() => spConfigFromEnv(config)).toThrow(SpConfigError);
  });

  it('production refuses the committed demo pair even when it is pasted into the variables', () => {
    const demo = (file: string) => readFileSync(path.join('tests/fixtures/saml/demo-sp-test-only', file), 'utf8');
    const production = {
      ...env,
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(32),
      PARTNER_SECRETS_KEY: 'y'.repeat(32),
      SPID_ENABLED: 'true',
      SPID_SP_CERT_PEM: demo('sp-cert.pem'),
      SPID_SP_KEY_PEM: demo('sp-key.pem'),
    };
    expect(() => spConfigFromEnv(parseConfig(production))).toThrow(/dimostrativa/);
    const own = opensslPair('prod');
    const config = parseConfig({ ...production, SPID_SP_CERT_PEM: own.certPem, SPID_SP_KEY_PEM: own.keyPem });
    expect(spConfigFromEnv(config).entityId).toBe('https://pagamenti.provincia.example');
    expect(() => parseConfig({ ...production, SPID_SP_ENTITY_ID: 'http://pagamenti.provincia.example' })).toThrow(/SPID_SP_ENTITY_ID/);
  });

  it('development uses the demo pair; a configured pair (with \\n escapes) replaces it', () => {
    const demo = spConfigFromEnv(parseConfig({ NODE_ENV: 'development' }));
    expect(demo.entityId).toBe('http://localhost:3000');
    expect(demo.organization.ipaCode).toBe('demo_prov');
    // Named after the provider's configured identity, unless SPID_SP_ORG_NAME says otherwise.
    expect(spConfigFromEnv(parseConfig({ NODE_ENV: 'development' }), [], 'Regione Esempio').organization.name).toBe('Regione Esempio');
    expect(
      spConfigFromEnv(parseConfig({ NODE_ENV: 'development', SPID_SP_ORG_NAME: 'Altro nome' }), [], 'Regione Esempio').organization.name,
    ).toBe('Altro nome');
    const own = opensslPair('own');
    const configured = spConfigFromEnv(
      parseConfig({ ...env, SPID_SP_CERT_PEM: own.certPem.replace(/\n/g, '\\n'), SPID_SP_KEY_PEM: own.keyPem.replace(/\n/g, '\\n') }),
    );
    expect(configured.certPem).not.toBe(demo.certPem);
    expect(verify(buildSpMetadata(configured, 'spid'), own.certPem).valid).toBe(true);
  });

  it('refuses a key that does not match the certificate, a short RSA key, and a lone certificate', () => {
    const a = opensslPair('a');
    const b = opensslPair('b');
    expect(() => spConfigFromEnv(parseConfig({ ...env, SPID_SP_CERT_PEM: a.certPem, SPID_SP_KEY_PEM: b.keyPem }))).toThrow(
      /non corrisponde/,
    );
    const weak = opensslPair('weak', 1024);
    expect(() => spConfigFromEnv(parseConfig({ ...env, SPID_SP_CERT_PEM: weak.certPem, SPID_SP_KEY_PEM: weak.keyPem }))).toThrow(/2048/);
    expect(() => spConfigFromEnv(parseConfig({ ...env, SPID_SP_CERT_PEM: a.certPem }))).toThrow(/insieme/);
  });

  it('refuses an Ente service index that collides with another', () => {
    expect(() => spConfigFromEnv(parseConfig(env), [{ serviceIndex: 0, name: 'Comune di Alfa' }])).toThrow(SpConfigError);
  });
});

describe('scripts/spid-keygen.ts', () => {
  const script = path.join(process.cwd(), 'scripts', 'spid-keygen.ts');
  const run = (args: string[]) => execFileSync('npx', ['tsx', script, ...args], { stdio: 'pipe' });
  const base = [
    '--entity-id',
    'https://pagamenti.provincia.example',
    '--org',
    "Provincia dell'Esempio",
    '--ipa',
    'p_es',
    '--locality',
    'Esempio',
  ];

  it('writes a private key (0600) and a certificate with the AgID subject and policies, usable as our SP pair', () => {
    const out = path.join(work, 'keygen');
    run([...base, '--out', out]);
    const certPem = readFileSync(path.join(out, 'sp-cert.pem'), 'utf8');
    const keyPem = readFileSync(path.join(out, 'sp-key.pem'), 'utf8');
    expect(statSync(path.join(out, 'sp-key.pem')).mode & 0o777).toBe(0o600);
    const info = execFileSync(
      'openssl',
      ['x509', '-noout', '-subject', '-nameopt', 'oid,sep_multiline', '-ext', 'certificatePolicies,basicConstraints'],
      {
        input: certPem,
      },
    ).toString();
    for (const field of [
      '2.5.4.6=IT',
      '2.5.4.7=Esempio',
      "2.5.4.10=Provincia dell'Esempio",
      '2.5.4.97=PA:IT-p_es',
      '2.5.4.83=https://pagamenti.provincia.example',
      "2.5.4.3=Provincia dell'Esempio",
      'Policy: 1.3.76.16.6',
      'Policy: 1.3.76.16.4.2.1',
      'CA:FALSE',
    ]) {
      expect(info).toContain(field);
    }
    const own = spConfigFromEnv(parseConfig({ ...env, SPID_SP_CERT_PEM: certPem, SPID_SP_KEY_PEM: keyPem }));
    expect(own.privateKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(verify(buildSpMetadata(own, 'spid'), certPem).valid).toBe(true);
    // A second run must not replace the key a Province registered with AgID.
    expect(() => run([...base, '--out', out])).toThrow();
    expect(readFileSync(path.join(out, 'sp-key.pem'), 'utf8')).toBe(keyPem);
  });

  it('keeps $, # and quotes literal and refuses line breaks, so a value cannot rewrite the OpenSSL configuration', () => {
    const out = path.join(work, 'keygen-hostile');
    expect(() => run([...base.slice(0, 6), '--locality', 'Esempio\nCN = evil', '--out', out])).toThrow();
    expect(existsSync(path.join(out, 'sp-key.pem'))).toBe(false);
    run([...base.slice(0, 2), '--org', 'Prov "${ENV::HOME}" # x', ...base.slice(4), '--out', out]);
    const subject = execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'oid,sep_multiline'], {
      input: readFileSync(path.join(out, 'sp-cert.pem')),
    }).toString();
    expect(subject).toContain('2.5.4.10=Prov "${ENV::HOME}" # x');
  });
});
