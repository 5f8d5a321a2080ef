import { createVerify, generateKeyPairSync } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import xpath from 'xpath';
import {
  AuthnRequestError,
  buildAuthnRequest,
  newRelayState,
  postBinding,
  redirectBinding,
  type AuthnRequestOptions,
} from '@/lib/auth/saml/authn-request';
import { spConfigFromEnv } from '@/lib/auth/saml/sp-config';
import { parseConfig } from '@/lib/config';

const select = xpath.useNamespaces({
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
});
function nodes(doc: Document, expr: string): Element[] {
  return select(expr, doc as unknown as globalThis.Node) as unknown as Element[];
}
function one(doc: Document, expr: string): Element {
  const found = nodes(doc, expr);
  expect(found).toHaveLength(1);
  return found[0]!;
}
const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');

const sp = spConfigFromEnv(parseConfig({ NODE_ENV: 'test', PORTAL_SCHEME: 'https', PORTAL_BASE_DOMAIN: 'pagamenti.provincia.example' }), [
  { serviceIndex: 3, name: 'Comune di Alfa' },
]);
const idp = { entityId: 'https://idp.example/spid', ssoUrl: 'https://idp.example/sso/redirect' };
const now = new Date('2026-11-27T08:30:00.123Z');
const options = (over: Partial<AuthnRequestOptions> = {}): AuthnRequestOptions => ({
  idp,
  level: 2,
  acsIndex: 0,
  attributeSetIndex: 0,
  now,
  ...over,
});

/** Verifies an enveloped signature with the given key/certificate only, never the document's KeyInfo. */
function verifyPost(xml: string, key: string): boolean {
  const doc = parse(xml);
  const signatures = nodes(doc, '//ds:Signature');
  if (signatures.length !== 1) return false;
  const verifier = new SignedXml({ publicCert: key, getCertFromKeyInfo: () => null });
  verifier.loadSignature(signatures[0] as unknown as globalThis.Node);
  try {
    return verifier.checkSignature(xml);
  } catch {
    return false;
  }
}

describe('AuthnRequest: each AgID attribute', () => {
  const request = buildAuthnRequest(sp, options());
  const doc = parse(request.xml);
  const root = one(doc, '/samlp:AuthnRequest');

  it('has a fresh xs:ID, Version 2.0, IssueInstant in UTC with milliseconds, Destination = the IdP SSO URL', () => {
    expect(request.id).toMatch(/^_[0-9a-f]{32}$/);
    expect(root.getAttribute('ID')).toBe(request.id);
    expect(buildAuthnRequest(sp, options()).id).not.toBe(request.id);
    expect(root.getAttribute('Version')).toBe('2.0');
    expect(root.getAttribute('IssueInstant')).toBe('2026-11-27T08:30:00.123Z');
    expect(request.issueInstant).toBe('2026-11-27T08:30:00.123Z');
    expect(root.getAttribute('Destination')).toBe(idp.ssoUrl);
  });

  it('points at the ACS and the attribute set by index (no ACS URL, no ProtocolBinding)', () => {
    expect(root.getAttribute('AssertionConsumerServiceIndex')).toBe('0');
    expect(root.getAttribute('AttributeConsumingServiceIndex')).toBe('0');
    expect(root.hasAttribute('AssertionConsumerServiceURL')).toBe(false);
    expect(root.hasAttribute('ProtocolBinding')).toBe(false);
    const ente = parse(buildAuthnRequest(sp, options({ attributeSetIndex: 3 })).xml);
    expect(one(ente, '/samlp:AuthnRequest').getAttribute('AttributeConsumingServiceIndex')).toBe('3');
  });

  it('has no IsPassive and a NameIDPolicy transient without AllowCreate', () => {
    expect(root.hasAttribute('IsPassive')).toBe(false);
    const policy = one(doc, '/samlp:AuthnRequest/samlp:NameIDPolicy');
    expect(policy.getAttribute('Format')).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:transient');
    expect(policy.hasAttribute('AllowCreate')).toBe(false);
  });

  it('has the Issuer = SP entityID with Format entity and NameQualifier', () => {
    const issuer = one(doc, '/samlp:AuthnRequest/saml:Issuer');
    expect(issuer.textContent).toBe('https://pagamenti.provincia.example');
    expect(issuer.getAttribute('Format')).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:entity');
    expect(issuer.getAttribute('NameQualifier')).toBe('https://pagamenti.provincia.example');
  });

  it.each([
    [1, 'spid', null],
    [2, 'spid', 'true'],
    [3, 'spid', 'true'],
    [1, 'cie', 'true'],
  ] as const)('level L%i (%s): one AuthnContextClassRef of that level, Comparison minimum, ForceAuthn %s', (level, kind, force) => {
    const d = parse(buildAuthnRequest(sp, options({ level, kind })).xml);
    const r = one(d, '/samlp:AuthnRequest');
    expect(r.getAttribute('ForceAuthn') || null).toBe(force);
    expect(one(d, '/samlp:AuthnRequest/samlp:RequestedAuthnContext').getAttribute('Comparison')).toBe('minimum');
    expect(one(d, '//samlp:RequestedAuthnContext/saml:AuthnContextClassRef').textContent).toBe(`https://www.spid.gov.it/SpidL${level}`);
  });

  it('is not signed until a binding signs it', () => {
    expect(nodes(doc, '//ds:Signature')).toHaveLength(0);
  });
});

describe('AuthnRequest: what a caller must not be able to produce', () => {
  it.each([
    ['an attribute set that is not in the metadata', options({ attributeSetIndex: 9 })],
    ['an ACS index that is not in the metadata', options({ acsIndex: 1 })],
    ['a level that does not exist', options({ level: 4 as 2 })],
    ['a javascript: SSO URL', options({ idp: { entityId: 'x', ssoUrl: 'javascript:alert(1)' } })],
    ['a SSO URL that is not a URL', options({ idp: { entityId: 'x', ssoUrl: 'idp.example/sso' } })],
  ])('refuses %s', (_what, bad) => {
    expect(() => buildAuthnRequest(sp, bad)).toThrow(AuthnRequestError);
  });

  it('escapes a hostile SSO URL instead of letting it add attributes', () => {
    const request = buildAuthnRequest(sp, options({ idp: { entityId: 'x', ssoUrl: 'https://idp.example/?a="IsPassive="true' } }));
    const root = one(parse(request.xml), '/samlp:AuthnRequest');
    expect(root.hasAttribute('IsPassive')).toBe(false);
    expect(root.getAttribute('Destination')).toBe('https://idp.example/?a="IsPassive="true');
  });

  it.each([['http://ente.example/pagamenti'], ['short'], ['a'.repeat(81)], ['has space in it!!!']])(
    'refuses an intelligible or malformed RelayState: %s',
    (relayState) => {
      const request = buildAuthnRequest(sp, options());
      expect(() => postBinding(sp, request, relayState)).toThrow(AuthnRequestError);
      expect(() => redirectBinding(sp, request, relayState)).toThrow(AuthnRequestError);
    },
  );

  it('newRelayState is opaque and unique', () => {
    const a = newRelayState();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newRelayState()).not.toBe(a);
  });
});

describe('HTTP-POST binding', () => {
  const request = buildAuthnRequest(sp, options());
  const relayState = newRelayState();
  const form = postBinding(sp, request, relayState);
  const xml = Buffer.from(form.SAMLRequest, 'base64').toString('utf8');
  const doc = parse(xml);

  it('posts to the IdP SSO URL with the RelayState', () => {
    expect(form.action).toBe(idp.ssoUrl);
    expect(form.RelayState).toBe(relayState);
  });

  it('the signature verifies with the SP certificate, RSA-SHA256 over the whole request, right after Issuer', () => {
    expect(verifyPost(xml, sp.certPem)).toBe(true);
    expect(one(doc, '//ds:SignatureMethod').getAttribute('Algorithm')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(one(doc, '//ds:Reference').getAttribute('URI')).toBe(`#${request.id}`);
    const issuer = one(doc, '/samlp:AuthnRequest/saml:Issuer');
    let next = issuer.nextSibling;
    while (next && next.nodeType !== 1) next = next.nextSibling;
    expect((next as Element).localName).toBe('Signature');
  });

  it.each([
    ['lowering the level to L1', 'SpidL2', 'SpidL1'],
    ['dropping ForceAuthn', ' ForceAuthn="true"', ''],
    ['changing the attribute set', 'AttributeConsumingServiceIndex="0"', 'AttributeConsumingServiceIndex="1"'],
    ['swapping the Issuer', '>https://pagamenti.provincia.example</saml:Issuer>', '>https://evil.example</saml:Issuer>'],
  ])('tampering (%s) breaks the signature', (_what, from, to) => {
    expect(xml).toContain(from);
    expect(verifyPost(xml.replace(from, to), sp.certPem)).toBe(false);
  });

  it('does not verify with another key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyPost(xml, other)).toBe(false);
  });
});

describe('HTTP-Redirect binding', () => {
  const request = buildAuthnRequest(sp, options());
  const relayState = newRelayState();
  const { url } = redirectBinding(sp, request, relayState);
  const query = url.slice(url.indexOf('?') + 1);
  const params = new URLSearchParams(query);

  function verifyQuery(q: string): boolean {
    const signedPart = q.slice(0, q.indexOf('&Signature='));
    const signature = new URLSearchParams(q).get('Signature') ?? '';
    return createVerify('RSA-SHA256').update(signedPart, 'utf8').verify(sp.certPem, signature, 'base64');
  }

  it('sends the deflated, unsigned request to the SSO URL with RelayState and SigAlg RSA-SHA256', () => {
    expect(url.startsWith(`${idp.ssoUrl}?SAMLRequest=`)).toBe(true);
    const xml = inflateRawSync(Buffer.from(params.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    expect(xml).toBe(request.xml);
    expect(xml).not.toContain('Signature');
    expect(params.get('RelayState')).toBe(relayState);
    expect(params.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect([...params.keys()]).toEqual(['SAMLRequest', 'RelayState', 'SigAlg', 'Signature']);
  });

  it('the query-string signature verifies with the SP certificate', () => {
    expect(verifyQuery(query)).toBe(true);
  });

  it('swapping the RelayState or the request breaks the signature', () => {
    expect(verifyQuery(query.replace(encodeURIComponent(relayState), newRelayState()))).toBe(false);
    const other = redirectBinding(sp, buildAuthnRequest(sp, options({ level: 1 })), relayState).url;
    const otherRequest = new URL(other).searchParams.get('SAMLRequest') ?? '';
    expect(verifyQuery(query.replace(encodeURIComponent(params.get('SAMLRequest') ?? ''), encodeURIComponent(otherRequest)))).toBe(false);
  });

  it('keeps a query string the SSO URL already has', () => {
    const withQuery = buildAuthnRequest(sp, options({ idp: { entityId: 'x', ssoUrl: 'https://idp.example/sso?tenant=a' } }));
    const target = redirectBinding(sp, withQuery, relayState).url;
    expect(target.startsWith('https://idp.example/sso?tenant=a&SAMLRequest=')).toBe(true);
  });
});
