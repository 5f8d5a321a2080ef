import { createSign, randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { SamlKind, SpConfig } from './sp-config';
import { authnContextClass, type SpidLevel } from './levels';
import { RSA_SHA256, signEnveloped } from './xml-sign';
import { escapeXml } from './xml-text';

export const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';
const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

export interface AuthnRequestOptions {
  idp: { entityId: string; ssoUrl: string };
  level: SpidLevel;
  acsIndex: number;
  attributeSetIndex: number;
  now: Date;
  /** CIE wants ForceAuthn at every level; SPID only above L1. Default spid. */
  kind?: SamlKind;
}

/** An AuthnRequest before binding: `xml` is unsigned, the binding signs it (inside for POST, the query for Redirect). */
export interface AuthnRequest {
  id: string;
  xml: string;
  issueInstant: string;
  destination: string;
}

export class AuthnRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthnRequestError';
  }
}

function httpUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuthnRequestError(`${what} non è un URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AuthnRequestError(`${what} deve essere un URL http(s)`);
  return value;
}

/**
 * A SPID/CIE AuthnRequest from our own template (AgID Regole Tecniche, "AuthnRequest"): a fresh xs:ID,
 * IssueInstant in UTC with milliseconds, Destination = the IdP's SSO Location, ForceAuthn above L1 (always
 * for CIE), AssertionConsumerServiceIndex and AttributeConsumingServiceIndex that exist in our metadata,
 * Issuer with Format entity and NameQualifier, NameIDPolicy transient without AllowCreate, no IsPassive,
 * and one RequestedAuthnContext (Comparison minimum: the IdP may authenticate at a higher level).
 */
export function buildAuthnRequest(sp: SpConfig, options: AuthnRequestOptions): AuthnRequest {
  const kind = options.kind ?? 'spid';
  if (![1, 2, 3].includes(options.level)) throw new AuthnRequestError(`livello SPID non valido: ${options.level}`);
  // The metadata publishes a single ACS, index 0.
  if (options.acsIndex !== 0) throw new AuthnRequestError(`AssertionConsumerServiceIndex ${options.acsIndex} non è nei metadata`);
  if (!sp.attributeServices[kind].some((s) => s.index === options.attributeSetIndex)) {
    throw new AuthnRequestError(`AttributeConsumingServiceIndex ${options.attributeSetIndex} non è nei metadata`);
  }
  const destination = httpUrl(options.idp.ssoUrl, "l'indirizzo SSO dell'IdP");
  // xs:ID may not start with a digit.
  const id = `_${randomBytes(16).toString('hex')}`;
  const issueInstant = options.now.toISOString();
  const forceAuthn = kind === 'cie' || options.level > 1;
  const x = escapeXml;
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="${PROTOCOL_NS}" xmlns:saml="${ASSERTION_NS}" ID="${id}" Version="2.0" IssueInstant="${issueInstant}"` +
    ` Destination="${x(destination)}"${forceAuthn ? ' ForceAuthn="true"' : ''}` +
    ` AssertionConsumerServiceIndex="${options.acsIndex}" AttributeConsumingServiceIndex="${options.attributeSetIndex}">` +
    `<saml:Issuer Format="${ENTITY_FORMAT}" NameQualifier="${x(sp.entityId)}">${x(sp.entityId)}</saml:Issuer>` +
    `<samlp:NameIDPolicy Format="${TRANSIENT}"/>` +
    `<samlp:RequestedAuthnContext Comparison="minimum"><saml:AuthnContextClassRef>${authnContextClass(options.level)}</saml:AuthnContextClassRef></samlp:RequestedAuthnContext>` +
    `</samlp:AuthnRequest>`;
  return { id, xml, issueInstant, destination };
}

/** An opaque RelayState: AgID wants it unintelligible (no URL), SAML caps it at 80 bytes. */
export function newRelayState(): string {
  return randomBytes(24).toString('base64url');
}

const RELAY_STATE = /^[A-Za-z0-9_-]{16,80}$/;

function checkRelayState(relayState: string): string {
  if (!RELAY_STATE.test(relayState)) throw new AuthnRequestError('RelayState deve essere un token opaco (16-80 caratteri base64url)');
  return relayState;
}

/** What the auto-submitting form posts to the IdP (the HTML is rendered by the page). */
export interface PostBindingForm {
  action: string;
  SAMLRequest: string;
  RelayState: string;
}

/** HTTP-POST binding: the whole request enveloped-signed (Signature right after Issuer), then base64. */
export function postBinding(sp: SpConfig, request: AuthnRequest, relayState: string): PostBindingForm {
  const root = `/*[local-name()='AuthnRequest' and namespace-uri()='${PROTOCOL_NS}']`;
  const signed = signEnveloped(request.xml, {
    privateKey: sp.privateKey,
    certPem: sp.certPem,
    elementXPath: root,
    location: { reference: `${root}/*[local-name()='Issuer' and namespace-uri()='${ASSERTION_NS}']`, action: 'after' },
  });
  return {
    action: request.destination,
    SAMLRequest: Buffer.from(signed, 'utf8').toString('base64'),
    RelayState: checkRelayState(relayState),
  };
}

/**
 * HTTP-Redirect binding (SAML Bindings §3.4.4.1), for AuthnRequests and the logout messages: the unsigned XML deflated and base64'd, and an RSA-SHA256
 * signature over the exact octets `SAMLRequest=…&RelayState=…&SigAlg=…` as they appear in the URL.
 */
export function redirectBinding(
  sp: SpConfig,
  request: AuthnRequest,
  relayState: string,
  parameter: 'SAMLRequest' | 'SAMLResponse' = 'SAMLRequest',
): { url: string } {
  const samlMessage = deflateRawSync(Buffer.from(request.xml, 'utf8')).toString('base64');
  const signed =
    `${parameter}=${encodeURIComponent(samlMessage)}` +
    `&RelayState=${encodeURIComponent(checkRelayState(relayState))}` +
    `&SigAlg=${encodeURIComponent(RSA_SHA256)}`;
  const signature = createSign('RSA-SHA256').update(signed, 'utf8').sign(sp.privateKey).toString('base64');
  const separator = request.destination.includes('?') ? '&' : '?';
  return { url: `${request.destination}${separator}${signed}&Signature=${encodeURIComponent(signature)}` };
}
